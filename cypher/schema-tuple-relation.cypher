// No index on a tuple's relation: with one, the planner answered "the tuple between these two
// entities with this relation" by reading every tuple with that relation instead of the few
// between the two entities, which made writes and history reads linear in the graph (bulk loads
// quadratic). Dropped where an older version created it.
DROP INDEX tuple_relation IF EXISTS
