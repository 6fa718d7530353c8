// Creates tuples that are not live yet, creating bare entity nodes as needed (a tuple naming a
// deleted entity brings it back, since a live tuple says it exists); returns those created.
UNWIND $writes AS w
MERGE (u:Entity {key: w.user})
  ON CREATE SET u.type = w.userType, u.id = w.userId, u.createdAt = $at
  ON MATCH SET u.deletedAt = null, u.deletedBy = null
MERGE (o:Entity {key: w.object})
  ON CREATE SET o.type = w.objectType, o.id = w.objectId, o.createdAt = $at
  ON MATCH SET o.deletedAt = null, o.deletedBy = null
WITH u, o, w
WHERE NOT EXISTS { MATCH (u)-[t:TUPLE {relation: w.relation}]->(o) WHERE t.endedAt IS NULL }
CREATE (u)-[:TUPLE {relation: w.relation, writtenAt: $at, writtenBy: $actor, writtenRevision: $revision, requestId: $requestId}]->(o)
RETURN w.user AS user, w.relation AS relation, w.object AS object
