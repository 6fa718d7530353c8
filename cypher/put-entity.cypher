// Replaces an entity's attributes, creating its node, filling a bare node a tuple made, or reviving a deleted one; created is false only when a live node existed.
OPTIONAL MATCH (before:Entity {key: $key})
WITH before IS NULL OR before.deletedAt IS NOT NULL AS created
MERGE (e:Entity {key: $key})
  ON CREATE SET e.type = $type, e.id = $id, e.createdAt = $at
SET e.name = $name, e.email = $email,
    e.updatedAt = $at, e.updatedBy = $actor, e.updatedRequestId = $requestId,
    e.deletedAt = null, e.deletedBy = null
RETURN e {.*} AS entity, created
