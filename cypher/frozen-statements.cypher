// The frozen statements of a month, of one reseller when $reseller is given, in reseller order.
MATCH (c:ClosedStatement {month: $month})
WHERE $reseller IS NULL OR c.reseller = $reseller
RETURN c {.*} AS statement
ORDER BY c.reseller
