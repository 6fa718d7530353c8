// Every tuple live at $revision with since it was written; with $history, every period written at or before $revision, with until for
// those ended by then. Streamed by the caller in pages, in the order Neo4j finds the relationships.
MATCH (u)-[t:TUPLE]->(o)
WHERE t.writtenRevision <= $revision AND ($history OR t.endedRevision IS NULL OR t.endedRevision > $revision)
RETURN u.key AS user, t.relation AS relation, o.key AS object, t.writtenAt AS since,
       CASE WHEN t.endedRevision <= $revision THEN t.endedAt END AS until
