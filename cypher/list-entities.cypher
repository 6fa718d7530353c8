// A page of the live entities of one type in id order, after a cursor.
MATCH (e:Entity {type: $type})
WHERE e.deletedAt IS NULL AND ($after IS NULL OR e.id > $after)
RETURN e {.*} AS entity
ORDER BY e.id
LIMIT $limit
