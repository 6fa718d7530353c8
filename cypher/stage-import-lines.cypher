// Stages one batch of an import's judged lines, in file order: nothing is visible to any reader until they are published.
// seq numbers every line written, liveSeq the live ones (their change numbers in the import's revision).
UNWIND $lines AS p
CREATE (:ImportLine {importId: $importId, seq: p.seq, liveSeq: p.liveSeq, key: p.key, line: p.line,
                     user: p.user, relation: p.relation, object: p.object, userType: p.userType, userId: p.userId,
                     objectType: p.objectType, objectId: p.objectId, since: p.since, until: p.until})
