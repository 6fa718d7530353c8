// Records the change feed entries of one revision; they are also the outbox the relay applies to OpenFGA.
// Each carries its revision's size, so a reader can tell a whole revision from one Neo4j is still applying.
UNWIND $changes AS c
CREATE (:Change {revision: $revision, seq: c.seq, size: size($changes), op: c.op, user: c.user, relation: c.relation, object: c.object,
                 at: $at, actor: $actor, requestId: $requestId})
