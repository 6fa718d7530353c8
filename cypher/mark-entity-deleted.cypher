// Marks a live entity deleted; the node and its ended tuples stay for history. No row means it was not live.
MATCH (e:Entity {key: $key})
WHERE e.deletedAt IS NULL
SET e.deletedAt = $at, e.deletedBy = $actor, e.deletedRequestId = $requestId
RETURN e.key AS key
