// Records one batch of an import's live periods as changes of its revision (the feed and the outbox), numbered from $fromSeq.
// Their revision's size is set once the whole import is known (size-import-changes); until then the relay sees none of it.
UNWIND range(0, size($changes) - 1) AS i
WITH i, $changes[i] AS c
CREATE (:Change {revision: $revision, seq: $fromSeq + i, size: -2, op: 'write', user: c.user, relation: c.relation, object: c.object,
                 at: $at, actor: $actor, requestId: $requestId})
