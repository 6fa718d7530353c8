// Renews the import's lease while its holder stages or publishes; no row when the import is no longer the holder's
// (abandoned after its lease ran out, and discarded or taken over by the relay).
MATCH (c:Counter {name: 'revision'})
SET c.importTouchedAt = timestamp()
WITH c
WHERE c.importId = $importId AND c.importHolder = $holder AND c.importState = $state
SET c.importUntil = $until
RETURN c.importId AS importId
