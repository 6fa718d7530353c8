// Moves the revision counter to the revision this transaction wrote.
MATCH (c:Counter {name: 'revision'})
SET c.value = $revision
