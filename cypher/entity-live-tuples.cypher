// Live tuples naming an entity as user or object, at most $limit, for deleting them through the write path.
MATCH (e:Entity {key: $key})-[t:TUPLE]-(:Entity)
WHERE t.endedAt IS NULL
WITH DISTINCT t
RETURN startNode(t).key AS user, t.relation AS relation, endNode(t).key AS object
LIMIT $limit
