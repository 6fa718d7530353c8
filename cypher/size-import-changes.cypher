// Gives every change of an import's revision the revision's size, now that it is known, in the import's transaction.
MATCH (c:Change {revision: $revision})
SET c.size = $size
