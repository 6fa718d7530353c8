// Takes the write lock on the commission ledger, serialising plan writes and month closings; returns its version.
MERGE (l:CommissionLedger {name: 'ledger'})
  ON CREATE SET l.version = 0
SET l.lockedAt = $at
RETURN l.version AS version
