// Gives a lease back so another replica can take it at once, and withdraws the caller's wish for it.
MATCH (l:Lease {name: $name})
WHERE l.holder = $holder OR l.wantedBy = $holder
WITH l, l.holder = $holder AS held, l.wantedBy = $holder AS wished
SET l.holder = CASE WHEN held THEN null ELSE l.holder END,
    l.until = CASE WHEN held THEN null ELSE l.until END,
    l.wantedBy = CASE WHEN wished THEN null ELSE l.wantedBy END,
    l.wantedUntil = CASE WHEN wished THEN null ELSE l.wantedUntil END
