// Marks an entity deleted unless a live tuple still names it; the node and its ended tuples stay for
// history. Run after lock-revision, so no tuple write slips in between the look and the mark.
// done is false when a live tuple names the entity (the caller ends it and asks again).
MATCH (e:Entity {key: $key})
WITH e, EXISTS { MATCH (e)-[t:TUPLE]-() WHERE t.endedAt IS NULL } AS named
FOREACH (_ IN CASE WHEN NOT named AND e.deletedAt IS NULL THEN [1] ELSE [] END |
  SET e.deletedAt = $at, e.deletedBy = $actor, e.deletedRequestId = $requestId)
RETURN NOT named AS done
