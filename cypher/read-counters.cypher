// The latest revision written, the latest revision the relay has applied to OpenFGA, and whether a bulk import's lease ran out
// (its importer died: the relay finishes or discards it).
OPTIONAL MATCH (r:Counter {name: 'revision'})
OPTIONAL MATCH (a:Counter {name: 'applied'})
RETURN coalesce(r.value, 0) AS latest, coalesce(a.value, 0) AS applied, coalesce(r.importUntil < $now, false) AS importAbandoned
