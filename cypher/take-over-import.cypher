// Takes over an import whose lease ran out, so that exactly one replica finishes (publishing) or discards (staging) it. Like every
// statement on an import, it touches the counter first: that takes its write lock, so the condition reads what the last holder committed.
MATCH (c:Counter {name: 'revision'})
SET c.importTouchedAt = timestamp()
WITH c
WHERE c.importId = $importId AND c.importHolder = $previous AND c.importUntil < $now
SET c.importHolder = $holder, c.importUntil = $until
RETURN c.importState AS state
