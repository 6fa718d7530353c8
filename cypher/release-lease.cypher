// Gives a lease back so another replica can take it at once.
MATCH (l:Lease {name: $name, holder: $holder})
SET l.holder = null, l.until = null
