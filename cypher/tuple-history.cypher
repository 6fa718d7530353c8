// Every version of one tuple, live or ended, oldest first: when and by whom it was written and ended.
MATCH (:Entity {key: $user})-[t:TUPLE {relation: $relation}]->(:Entity {key: $object})
RETURN t.writtenAt AS writtenAt, t.writtenBy AS writtenBy, t.endedAt AS endedAt, t.endedBy AS endedBy
ORDER BY t.writtenRevision
