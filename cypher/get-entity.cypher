// One entity node by its key, deleted or not.
MATCH (e:Entity {key: $key})
RETURN e {.*} AS entity
