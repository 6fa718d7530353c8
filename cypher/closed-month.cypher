// Whether a month is closed (one row when it is).
MATCH (m:ClosedMonth {month: $month})
RETURN m.month AS month
