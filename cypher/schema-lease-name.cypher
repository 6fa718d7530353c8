// Leases (the single outbox relay among replicas) are singletons by name.
CREATE CONSTRAINT lease_name IF NOT EXISTS FOR (l:Lease) REQUIRE l.name IS UNIQUE
