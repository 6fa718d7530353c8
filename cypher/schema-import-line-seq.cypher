// Publishing reads a staged import's lines in file order.
CREATE INDEX import_line_seq IF NOT EXISTS FOR (l:ImportLine) ON (l.importId, l.seq)
