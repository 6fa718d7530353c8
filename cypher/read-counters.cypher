// The latest revision written and the latest revision the relay has applied to OpenFGA.
OPTIONAL MATCH (r:Counter {name: 'revision'})
OPTIONAL MATCH (a:Counter {name: 'applied'})
RETURN coalesce(r.value, 0) AS latest, coalesce(a.value, 0) AS applied
