// Moves a plan kept on a reseller node before plans had history (commissionCurrency, commissionFrom, commissionBasisPoints) into the history, in force from the first month there is, as it then applied to every month; does nothing once moved.
MATCH (e:Entity {type: 'reseller'})
WHERE e.commissionCurrency IS NOT NULL
MERGE (l:CommissionLedger {name: 'ledger'})
  ON CREATE SET l.version = 0
CREATE (p:CommissionPlan {reseller: e.key, effectiveFrom: $firstMonth, currency: e.commissionCurrency, tierFrom: e.commissionFrom, tierBasisPoints: e.commissionBasisPoints,
                          recordedAt: coalesce(e.updatedAt, e.createdAt), recordedBy: coalesce(e.updatedBy, 'migration'), requestId: 'migrate-legacy-plans'})-[:PLAN_OF]->(e)
SET l.version = l.version + 1
REMOVE e.commissionCurrency, e.commissionFrom, e.commissionBasisPoints
RETURN count(p) AS moved
