// Every period kept for the tuples of one staging batch, live or ended: those in the graph and those staged earlier by the same import,
// so each line can be judged against them. Both entities are found by key first, so a tuple is looked for between the two
// (from the one with fewer links), never through every link of a reseller with thousands of customers.
UNWIND $tuples AS k
OPTIONAL MATCH (u:Entity {key: k.user})
OPTIONAL MATCH (o:Entity {key: k.object})
CALL {
  WITH k, u, o
  MATCH (u)-[t:TUPLE {relation: k.relation}]->(o)
  RETURN t.writtenAt AS since, t.endedAt AS until
  UNION ALL
  WITH k
  MATCH (l:ImportLine {importId: $importId, key: k.key})
  RETURN l.since AS since, l.until AS until
}
RETURN k.user AS user, k.relation AS relation, k.object AS object, since, until
