// Credit notes are summed by the invoice they credit.
CREATE INDEX invoice_credit_for IF NOT EXISTS FOR (i:Invoice) ON (i.creditFor)
