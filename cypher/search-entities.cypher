// A page of the live entities of some types whose id or name contains $text (lower case), ignoring case, in key order after a cursor.
MATCH (e:Entity)
WHERE e.key > coalesce($after, '') AND e.type IN $types AND e.deletedAt IS NULL
  AND (toLower(e.id) CONTAINS $text OR toLower(coalesce(e.name, '')) CONTAINS $text)
RETURN e {.*} AS entity
ORDER BY e.key
LIMIT $limit
