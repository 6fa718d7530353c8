// Starts a bulk import unless another holds writes: from here to its end other writes wait (lock-revision says importing).
// An import abandoned while staging (its lease ran out) is replaced; its staged lines are garbage, swept by discard-import-lines.
MERGE (c:Counter {name: 'revision'})
  ON CREATE SET c.value = 0
SET c.lockedAt = $at
WITH c, coalesce(c.importState = 'publishing' OR c.importUntil > $now, false) AS busy
FOREACH (_ IN CASE WHEN busy THEN [] ELSE [1] END |
  SET c.importId = $importId, c.importState = 'staging', c.importHolder = $holder, c.importUntil = $until,
      c.importAt = $at, c.importActor = $actor, c.importRequestId = $requestId)
RETURN NOT busy AS begun
