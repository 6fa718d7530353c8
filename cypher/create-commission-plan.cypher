// Appends a plan to a reseller's history (never replacing one), making a bare reseller node if needed, and moves the ledger version.
MERGE (e:Entity {key: $reseller})
  ON CREATE SET e.type = 'reseller', e.id = $resellerId, e.createdAt = $at
CREATE (p:CommissionPlan {reseller: $reseller, effectiveFrom: $effectiveFrom, currency: $currency, tierFrom: $tierFrom, tierBasisPoints: $tierBasisPoints,
                          recordedAt: $at, recordedBy: $actor, requestId: $requestId})-[:PLAN_OF]->(e)
WITH p
MATCH (l:CommissionLedger {name: 'ledger'})
SET l.version = l.version + 1
RETURN p {.*} AS plan
