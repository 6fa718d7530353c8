// Takes the write lock on the revision counter, serialising writers so revisions order writes. importing says a bulk import
// holds writes: one staging or publishing under a running lease, or one publishing whose importer died (the relay finishes it).
MERGE (c:Counter {name: 'revision'})
  ON CREATE SET c.value = 0
SET c.lockedAt = $at
RETURN c.value AS value, coalesce(c.importState = 'publishing' OR c.importUntil > $now, false) AS importing
