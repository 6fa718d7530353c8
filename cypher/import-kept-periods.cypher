// Every period kept for the tuples of one staging batch, live or ended: those in the graph and those staged earlier by the same import,
// so each line can be judged against them. Tuples are matched from both entities by key, as create-tuples does.
UNWIND $tuples AS k
CALL {
  WITH k
  MATCH (:Entity {key: k.user})-[t:TUPLE {relation: k.relation}]->(:Entity {key: k.object})
  RETURN t.writtenAt AS since, t.endedAt AS until
  UNION ALL
  WITH k
  MATCH (l:ImportLine {importId: $importId, key: k.key})
  RETURN l.since AS since, l.until AS until
}
RETURN k.user AS user, k.relation AS relation, k.object AS object, since, until
