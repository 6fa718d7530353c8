// Commits to a staged import: from here it is written whatever happens to its importer (the relay publishes what is left).
// With live periods it takes the next revision now, so the relay can apply the revision's pages as they are published;
// ended periods are kept at the revision found (historyRevision), live at none.
MATCH (c:Counter {name: 'revision'})
SET c.importTouchedAt = timestamp()
WITH c
WHERE c.importId = $importId AND c.importHolder = $holder AND c.importState = 'staging'
SET c.importState = 'publishing', c.importUntil = $until, c.importSize = $live,
    c.importHistoryRevision = c.value, c.importRevision = c.value + CASE WHEN $live > 0 THEN 1 ELSE 0 END
SET c.value = c.importRevision
RETURN c.importRevision AS revision
