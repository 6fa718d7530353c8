// Invoices are listed and counted by issue time.
CREATE INDEX invoice_issued IF NOT EXISTS FOR (i:Invoice) ON (i.issuedAt)
