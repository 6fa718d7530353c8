// A page of live tuples matching an optional user, relation, object and object type, in key order after a cursor.
MATCH (u:Entity)-[t:TUPLE]->(o:Entity)
WHERE t.endedAt IS NULL
  AND ($user IS NULL OR u.key = $user)
  AND ($relation IS NULL OR t.relation = $relation)
  AND ($object IS NULL OR o.key = $object)
  AND ($objectType IS NULL OR o.type = $objectType)
WITH u, t, o, o.key + '#' + t.relation + '#' + u.key AS sortKey
WHERE $after IS NULL OR sortKey > $after
RETURN u.key AS user, t.relation AS relation, o.key AS object, t.writtenAt AS writtenAt, t.writtenBy AS writtenBy, sortKey
ORDER BY sortKey
LIMIT $limit
