// Bench setup only (not a service statement): records a batch of invoices as cypher/record-invoice.cypher records one, in one transaction.
UNWIND $invoices AS v
MATCH (o:Entity {key: v.organization})
CREATE (i:Invoice {id: v.id, organization: v.organization, amount: v.amount, currency: v.currency, issuedAt: v.issuedAt,
                   recordedAt: $at, recordedBy: 'bench', requestId: 'bench'})-[:BILLED_TO]->(o)
