// Publishes the next batch of a decided import's staged lines, in file order, as their tuples and change records, and drops them.
// The counter keeps where publishing has got to (importPublished), so a batch is published once, by whichever holder renews the
// lease (the importer, or the relay finishing an abandoned import), and each batch seeks its own range of line numbers.
// A live period brings a deleted entity back, as create-tuples does; an ended one is history only and leaves the entity as it is.
MATCH (c:Counter {name: 'revision'})
SET c.importTouchedAt = timestamp()
WITH c
WHERE c.importId = $importId AND c.importHolder = $holder AND c.importState = 'publishing'
WITH c, coalesce(c.importPublished, 0) AS from
SET c.importUntil = $until, c.importPublished = from + $limit
WITH c, from
MATCH (l:ImportLine)
WHERE l.importId = $importId AND l.seq >= from AND l.seq < from + $limit
MERGE (u:Entity {key: l.user})
  ON CREATE SET u.type = l.userType, u.id = l.userId, u.createdAt = c.importAt
MERGE (o:Entity {key: l.object})
  ON CREATE SET o.type = l.objectType, o.id = l.objectId, o.createdAt = c.importAt
FOREACH (e IN CASE WHEN l.until IS NULL THEN [u, o] ELSE [] END | SET e.deletedAt = null, e.deletedBy = null)
CREATE (u)-[:TUPLE {relation: l.relation, writtenAt: l.since, writtenBy: c.importActor, requestId: c.importRequestId,
                    writtenRevision: CASE WHEN l.until IS NULL THEN c.importRevision ELSE c.importHistoryRevision END,
                    endedAt: l.until, endedBy: CASE WHEN l.until IS NULL THEN null ELSE c.importActor END,
                    endedRevision: CASE WHEN l.until IS NULL THEN null ELSE c.importHistoryRevision END}]->(o)
FOREACH (_ IN CASE WHEN l.until IS NULL THEN [1] ELSE [] END |
  CREATE (:Change {revision: c.importRevision, seq: l.liveSeq, size: c.importSize, op: 'write', user: l.user, relation: l.relation,
                   object: l.object, at: c.importAt, actor: c.importActor, requestId: c.importRequestId}))
DELETE l
RETURN count(*) AS published
