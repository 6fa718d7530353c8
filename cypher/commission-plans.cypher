// The plan history of one reseller, or of every reseller when $reseller is null, in (reseller, effectiveFrom, recordedAt) order.
MATCH (p:CommissionPlan)
WHERE $reseller IS NULL OR p.reseller = $reseller
RETURN p {.*} AS plan
ORDER BY p.reseller, p.effectiveFrom, p.recordedAt
