// Invoices and credit notes issued in any of $windows ({from, to, recordedSince}) that concern the reseller: its link to the
// organization was live (link history: written at or before, not ended by then) when the invoice, or the invoice a credit note
// credits, was issued; each with every reseller linked to the organization at that moment and since when.
MATCH (r:Entity {key: $reseller})-[l:TUPLE {relation: 'reseller'}]->(o:Entity)<-[:BILLED_TO]-(i:Invoice)
WHERE any(w IN $windows WHERE i.issuedAt >= w.from AND i.issuedAt < w.to AND (w.recordedSince IS NULL OR i.recordedAt >= w.recordedSince))
OPTIONAL MATCH (orig:Invoice {id: i.creditFor})
WITH l, o, i, coalesce(orig.issuedAt, i.issuedAt) AS at
WHERE l.writtenAt <= at AND (l.endedAt IS NULL OR l.endedAt > at)
WITH DISTINCT o, i, at
MATCH (s:Entity)-[k:TUPLE {relation: 'reseller'}]->(o)
WHERE k.writtenAt <= at AND (k.endedAt IS NULL OR k.endedAt > at)
WITH o, i, at, s.key AS reseller, min(k.writtenAt) AS since
WITH o, i, at, collect({reseller: reseller, since: since}) AS linked
RETURN i.id AS invoice, o.key AS organization, i.amount AS amount, i.currency AS currency, i.issuedAt AS issuedAt,
       i.creditFor AS creditFor, CASE WHEN i.creditFor IS NULL THEN null ELSE at END AS originalIssuedAt, linked
ORDER BY issuedAt, invoice
