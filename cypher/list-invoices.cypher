// A page of invoices, optionally of one organization and issued in [from, to), in (issuedAt, id) order after a cursor.
MATCH (i:Invoice)
WHERE ($organization IS NULL OR i.organization = $organization)
  AND ($from IS NULL OR i.issuedAt >= $from)
  AND ($to IS NULL OR i.issuedAt < $to)
WITH i, i.issuedAt + ' ' + i.id AS sortKey
WHERE $after IS NULL OR sortKey > $after
RETURN i {.id, .organization, .amount, .currency, .issuedAt, .creditFor, .recordedAt, .recordedBy} AS invoice, sortKey
ORDER BY sortKey
LIMIT $limit
