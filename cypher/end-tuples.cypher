// Ends live tuples (history is kept: the relationship stays, marked ended); returns those that were live.
UNWIND $deletes AS d
MATCH (:Entity {key: d.user})-[t:TUPLE {relation: d.relation}]->(:Entity {key: d.object})
WHERE t.endedAt IS NULL
SET t.endedAt = $at, t.endedBy = $actor, t.endedRevision = $revision
RETURN d.user AS user, d.relation AS relation, d.object AS object
