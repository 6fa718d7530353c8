// Every tuple (with one of $relations, live at $asOf) reachable forward from the entities $keys: the subgraph a user's or an object's downstream answers are computed over.
// The walk goes on only through entities of the $through types, the only ones that hold such tuples: a reseller's customers end it rather than each being expanded.
// One row of [user, relation, object] lists: 10k records cost the driver more than the query (bench/README.md #14).
MATCH (s:Entity) WHERE s.key IN $keys
MATCH ANY (s)(()-[l:TUPLE WHERE l.relation IN $relations AND l.writtenAt <= $asOf AND (l.endedAt IS NULL OR l.endedAt > $asOf)]->(x WHERE x.type IN $through)){0,}(n)
WITH DISTINCT n
MATCH (n)-[t:TUPLE]->(m:Entity)
WHERE t.relation IN $relations AND t.writtenAt <= $asOf AND (t.endedAt IS NULL OR t.endedAt > $asOf)
RETURN collect([n.key, t.relation, m.key]) AS tuples
