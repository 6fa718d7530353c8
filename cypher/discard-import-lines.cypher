// Deletes a batch of staged lines that will never be published: those of import $of (refused or abandoned), or those of every
// import but $except (left behind by an importer that died); returns how many.
MATCH (l:ImportLine)
WHERE CASE WHEN $of IS NULL THEN l.importId <> $except ELSE l.importId = $of END
WITH l LIMIT $limit
DELETE l
RETURN count(*) AS deleted
