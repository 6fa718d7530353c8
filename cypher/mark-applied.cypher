// Moves the applied mark forward, only for the current lease holder; no row means the lease was lost.
MATCH (l:Lease {name: 'relay', holder: $holder})
MERGE (a:Counter {name: 'applied'})
  ON CREATE SET a.value = 0
SET a.value = CASE WHEN a.value < $revision THEN $revision ELSE a.value END
RETURN a.value AS applied
