// Records the change feed entries of one revision; they are also the outbox the relay applies to OpenFGA.
UNWIND $changes AS c
CREATE (:Change {revision: $revision, seq: c.seq, op: c.op, user: c.user, relation: c.relation, object: c.object,
                 at: $at, actor: $actor, requestId: $requestId})
