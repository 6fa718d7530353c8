// Writes a closed month and its frozen statements at once (the caller holds the ledger lock and checked its version), moving the version.
MATCH (l:CommissionLedger {name: 'ledger'})
SET l.version = l.version + 1
CREATE (m:ClosedMonth {month: $month, startedAt: $startedAt, at: $at, by: $by})
WITH m
UNWIND $statements AS s
CREATE (c:ClosedStatement {reseller: s.reseller, month: s.month, currency: s.currency, basisPoints: s.basisPoints, settled: s.settled, body: s.body, hash: s.hash})-[:CLOSED_IN]->(m)
RETURN count(c) AS statements
