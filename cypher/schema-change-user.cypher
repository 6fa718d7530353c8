// Auditors read the change feed of one user (everything granted to or taken from a person).
CREATE INDEX change_user IF NOT EXISTS FOR (c:Change) ON (c.user)
