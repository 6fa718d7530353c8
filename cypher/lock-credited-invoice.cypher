// Takes the write lock on an invoice about to be credited and sums the credits it already has, other than $id.
MATCH (o:Invoice {id: $creditFor})
SET o.creditLockedAt = $at
WITH o
OPTIONAL MATCH (c:Invoice {creditFor: $creditFor})
WHERE c.id <> $id
RETURN o.amount AS amount, coalesce(sum(c.amount), 0) AS credited
