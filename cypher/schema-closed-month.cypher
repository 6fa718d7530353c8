// A month is closed once: the constraint makes two closings meet on one node.
CREATE CONSTRAINT closed_month IF NOT EXISTS FOR (m:ClosedMonth) REQUIRE m.month IS UNIQUE
