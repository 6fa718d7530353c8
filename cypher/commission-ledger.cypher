// The ledger's version and every closed month, in month order.
OPTIONAL MATCH (l:CommissionLedger {name: 'ledger'})
OPTIONAL MATCH (m:ClosedMonth)
WITH l, m ORDER BY m.month
RETURN coalesce(l.version, 0) AS version, collect(m {.month, .startedAt, .at, .by}) AS closed
