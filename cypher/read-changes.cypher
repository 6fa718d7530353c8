// A page of the change feed after (revision, seq), optionally only changes of an object, a user, an object type, or made at or after a moment, in feed order.
MATCH (c:Change)
WHERE ($object IS NULL OR c.object = $object)
  AND ($user IS NULL OR c.user = $user)
  AND ($objectType IS NULL OR c.object STARTS WITH $objectType + ':')
  AND ($since IS NULL OR c.at >= $since)
  AND (c.revision > $afterRevision OR (c.revision = $afterRevision AND c.seq > $afterSeq))
RETURN c.op AS op, c.user AS user, c.relation AS relation, c.object AS object, c.revision AS revision, c.seq AS seq, c.at AS at, c.actor AS actor
ORDER BY c.revision, c.seq
LIMIT $limit
