// Every tuple live at $revision (written at or before it and not ended by then), for reconciling
// OpenFGA, which holds exactly the revisions up to the applied mark, with Neo4j.
MATCH (u:Entity)-[t:TUPLE]->(o:Entity)
WHERE t.writtenRevision <= $revision AND (t.endedRevision IS NULL OR t.endedRevision > $revision)
RETURN u.key AS user, t.relation AS relation, o.key AS object
