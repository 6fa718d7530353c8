// Invoices issued in [from, to) whose organization was linked to the reseller at issuedAt (link history: written at or before, not ended by then),
// each with every reseller linked to that organization at that moment and since when.
MATCH (r:Entity {key: $reseller})-[l:TUPLE {relation: 'reseller'}]->(o:Entity)<-[:BILLED_TO]-(i:Invoice)
WHERE i.issuedAt >= $from AND i.issuedAt < $to
  AND l.writtenAt <= i.issuedAt AND (l.endedAt IS NULL OR l.endedAt > i.issuedAt)
WITH DISTINCT o, i
MATCH (s:Entity)-[k:TUPLE {relation: 'reseller'}]->(o)
WHERE k.writtenAt <= i.issuedAt AND (k.endedAt IS NULL OR k.endedAt > i.issuedAt)
WITH o, i, s.key AS reseller, min(k.writtenAt) AS since
WITH o, i, collect({reseller: reseller, since: since}) AS linked
RETURN i.id AS invoice, o.key AS organization, i.amount AS amount, i.currency AS currency, i.issuedAt AS issuedAt, linked
ORDER BY issuedAt, invoice
