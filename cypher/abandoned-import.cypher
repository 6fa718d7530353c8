// The import whose lease ran out, if any: one still staging is discarded, one publishing is finished by the relay.
MATCH (c:Counter {name: 'revision'})
WHERE c.importId IS NOT NULL AND c.importUntil < $now
RETURN c.importId AS importId, c.importState AS state, c.importHolder AS holder
