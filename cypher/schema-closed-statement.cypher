// Frozen statements are read by reseller and month.
CREATE INDEX closed_statement IF NOT EXISTS FOR (c:ClosedStatement) ON (c.reseller, c.month)
