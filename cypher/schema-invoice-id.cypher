// An invoice is recorded once per id: the constraint makes concurrent identical POSTs meet on one node.
CREATE CONSTRAINT invoice_id IF NOT EXISTS FOR (i:Invoice) REQUIRE i.id IS UNIQUE
