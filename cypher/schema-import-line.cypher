// Staging judges each line against the lines the same import staged before it for its tuple.
CREATE INDEX import_line_key IF NOT EXISTS FOR (l:ImportLine) ON (l.importId, l.key)
