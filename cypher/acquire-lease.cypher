// Takes or renews a named lease when it is free, expired or already ours; no row means someone else holds it.
MERGE (l:Lease {name: $name})
SET l.touchedAt = $now
WITH l
WHERE l.holder IS NULL OR l.holder = $holder OR l.until < $now
SET l.holder = $holder, l.until = $until
RETURN l.holder AS holder
