// One invoice or credit note by id.
MATCH (i:Invoice {id: $id})
RETURN i {.id, .organization, .amount, .currency, .issuedAt, .creditFor, .recordedAt, .recordedBy} AS invoice
