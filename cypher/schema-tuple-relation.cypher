// Tuples are relationships of one type; their relation is a property, so it is indexed.
CREATE INDEX tuple_relation IF NOT EXISTS FOR ()-[t:TUPLE]-() ON (t.relation)
