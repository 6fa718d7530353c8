// Outbox entries after the applied mark, in the order they were written.
MATCH (c:Change)
WHERE c.revision > $after AND c.revision <= $upTo
RETURN c.revision AS revision, coalesce(c.size, -1) AS size, c.op AS op, c.user AS user, c.relation AS relation, c.object AS object
ORDER BY c.revision, c.seq
LIMIT $limit
