// Auditors read the change feed of one object (an organization's history).
CREATE INDEX change_object IF NOT EXISTS FOR (c:Change) ON (c.object)
