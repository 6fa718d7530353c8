// Every live tuple, for reconciling OpenFGA with Neo4j.
MATCH (u:Entity)-[t:TUPLE]->(o:Entity)
WHERE t.endedAt IS NULL
RETURN u.key AS user, t.relation AS relation, o.key AS object
