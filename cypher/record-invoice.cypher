// Records an invoice unless its id is taken, billed to its organization (a bare entity node is made if needed); returns what is stored under the id.
MERGE (i:Invoice {id: $id})
  ON CREATE SET i.organization = $organization, i.amount = $amount, i.currency = $currency, i.issuedAt = $issuedAt, i.creditFor = $creditFor,
                i.recordedAt = $at, i.recordedBy = $actor, i.requestId = $requestId
// A node just made has no BILLED_TO yet; one recorded before always has it.
WITH i, NOT EXISTS { (i)-[:BILLED_TO]->() } AS created
FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END |
  MERGE (o:Entity {key: $organization})
    ON CREATE SET o.type = 'organization', o.id = $organizationId, o.createdAt = $at
  CREATE (i)-[:BILLED_TO]->(o)
)
RETURN i {.id, .organization, .amount, .currency, .issuedAt, .creditFor, .recordedAt, .recordedBy} AS invoice, created
