// Simple chains of tuples live at $asOf from $user to $object: a first tuple with one of $first, then any number of link tuples with one of $links, no entity twice; shortest first, then by their tuples.
// Walked backwards from the object, which few links lead into (its resellers and their parents), where a reseller's member
// reaches every customer forwards. The user is matched on the first tuple's start rather than by key, which would let the
// planner start from the user again.
MATCH (o:Entity {key: $object})
MATCH p = (o)(()<-[l:TUPLE WHERE l.relation IN $links AND l.writtenAt <= $asOf AND (l.endedAt IS NULL OR l.endedAt > $asOf)]-()){0,}
          (:Entity)<-[f:TUPLE WHERE f.relation IN $first AND f.writtenAt <= $asOf AND (f.endedAt IS NULL OR f.endedAt > $asOf)]-()
WHERE startNode(f).key = $user
WITH p, reverse(nodes(p)) AS ns
WHERE all(i IN range(1, size(ns) - 1) WHERE NOT ns[i] IN ns[0..i])
WITH [r IN reverse(relationships(p)) | {user: startNode(r).key, relation: r.relation, object: endNode(r).key, writtenAt: r.writtenAt, writtenBy: r.writtenBy}] AS tuples
WITH tuples, reduce(k = '', t IN tuples | k + t.user + '#' + t.relation + '>') AS order
RETURN tuples
ORDER BY size(tuples), order
LIMIT $limit
