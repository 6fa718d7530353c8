// Takes the write lock on the revision counter, serialising writers so revisions order writes.
MERGE (c:Counter {name: 'revision'})
  ON CREATE SET c.value = 0
SET c.lockedAt = $at
RETURN c.value AS value
