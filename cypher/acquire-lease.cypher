// Takes or renews a named lease and says whether $holder has it now. A lease that is free, expired
// or already the caller's goes to the replica that asked for it while that wish is fresh, else to the
// caller; a caller that does not get it and wants it leaves its wish. Touching the node first takes
// its write lock, so simultaneous callers see each other's outcome.
MERGE (l:Lease {name: $name})
SET l.touchedAt = $now
WITH l,
  (l.holder IS NULL OR l.holder = $holder OR l.until < $now) AS free,
  coalesce(l.wantedBy <> $holder AND l.wantedUntil >= $now, false) AS otherWants
WITH l, free,
  CASE WHEN NOT free THEN l.holder WHEN otherWants THEN l.wantedBy ELSE $holder END AS next,
  CASE WHEN free THEN null WHEN $want THEN $holder ELSE l.wantedBy END AS wantedBy,
  CASE WHEN free THEN null WHEN $want THEN $until ELSE l.wantedUntil END AS wantedUntil
SET l.holder = next,
    l.until = CASE WHEN free THEN $until ELSE l.until END,
    l.wantedBy = wantedBy,
    l.wantedUntil = wantedUntil
RETURN next = $holder AS held
