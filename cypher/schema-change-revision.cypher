// The change feed and the outbox are read in revision order.
CREATE INDEX change_revision IF NOT EXISTS FOR (c:Change) ON (c.revision, c.seq)
