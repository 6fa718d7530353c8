// Every period kept for the tuples of one import batch (live or ended, imported earlier in the same transaction included),
// so each line can be judged against them. Matched from both entities by key, as create-tuples does.
UNWIND $tuples AS k
MATCH (:Entity {key: k.user})-[t:TUPLE {relation: k.relation}]->(:Entity {key: k.object})
RETURN k.user AS user, k.relation AS relation, k.object AS object, t.writtenAt AS since, t.endedAt AS until
