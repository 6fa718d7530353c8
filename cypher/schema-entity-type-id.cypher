// Entities are listed per type in id order.
CREATE INDEX entity_type_id IF NOT EXISTS FOR (e:Entity) ON (e.type, e.id)
