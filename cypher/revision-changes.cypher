// One page of one revision's changes after a change number: how the relay walks a revision larger than one read (a bulk import).
MATCH (c:Change {revision: $revision})
WHERE c.seq > $afterSeq
RETURN c.revision AS revision, c.seq AS seq, coalesce(c.size, -1) AS size, c.op AS op, c.user AS user, c.relation AS relation, c.object AS object
ORDER BY c.seq
LIMIT $limit
