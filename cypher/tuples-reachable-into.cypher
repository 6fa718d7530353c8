// Every tuple (with one of $relations, live at $asOf) from which the entities $keys can be reached: the subgraph an object's holders are computed over.
// The walk goes back only through entities of the $through types, the only ones such tuples point at: an organization's members end it.
// One row of [user, relation, object] lists, as in tuples-reachable-from.
MATCH (s:Entity) WHERE s.key IN $keys
MATCH ANY (n)((x WHERE x.type IN $through)-[l:TUPLE WHERE l.relation IN $relations AND l.writtenAt <= $asOf AND (l.endedAt IS NULL OR l.endedAt > $asOf)]->()){0,}(s)
WITH DISTINCT n
MATCH (m:Entity)-[t:TUPLE]->(n)
WHERE t.relation IN $relations AND t.writtenAt <= $asOf AND (t.endedAt IS NULL OR t.endedAt > $asOf)
RETURN collect([m.key, t.relation, n.key]) AS tuples
