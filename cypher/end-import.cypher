// Ends the holder's import, published or discarded: writes go on.
MATCH (c:Counter {name: 'revision'})
SET c.importTouchedAt = timestamp()
WITH c
WHERE c.importId = $importId AND c.importHolder = $holder
REMOVE c.importTouchedAt, c.importId, c.importState, c.importHolder, c.importUntil, c.importAt, c.importActor, c.importRequestId,
       c.importSize, c.importRevision, c.importHistoryRevision, c.importPublished
RETURN true AS ended
