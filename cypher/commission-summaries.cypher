// A reseller's frozen statements of the given months, without their bodies: the rate each applied and the ids each settled.
MATCH (c:ClosedStatement {reseller: $reseller})
WHERE c.month IN $months
RETURN c {.reseller, .month, .currency, .basisPoints, .settled} AS statement
ORDER BY c.month
