// Writes one batch of an import's periods: back-dated to since, ended at until when it has one. A live period brings a deleted entity back,
// as create-tuples does; an ended one is history only and leaves the entity as it is. Ended periods are kept at $historyRevision and never live at any revision.
UNWIND $periods AS p
MERGE (u:Entity {key: p.user})
  ON CREATE SET u.type = p.userType, u.id = p.userId, u.createdAt = $at
MERGE (o:Entity {key: p.object})
  ON CREATE SET o.type = p.objectType, o.id = p.objectId, o.createdAt = $at
FOREACH (e IN CASE WHEN p.until IS NULL THEN [u, o] ELSE [] END | SET e.deletedAt = null, e.deletedBy = null)
CREATE (u)-[:TUPLE {relation: p.relation, writtenAt: p.since, writtenBy: $actor, requestId: $requestId,
                    writtenRevision: CASE WHEN p.until IS NULL THEN $revision ELSE $historyRevision END,
                    endedAt: p.until, endedBy: CASE WHEN p.until IS NULL THEN null ELSE $actor END,
                    endedRevision: CASE WHEN p.until IS NULL THEN null ELSE $historyRevision END}]->(o)
