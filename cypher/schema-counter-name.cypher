// Counters (the revision sequence, the relay's applied mark) are singletons by name.
CREATE CONSTRAINT counter_name IF NOT EXISTS FOR (c:Counter) REQUIRE c.name IS UNIQUE
