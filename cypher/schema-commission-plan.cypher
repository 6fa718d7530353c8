// Plans are read by reseller.
CREATE INDEX commission_plan IF NOT EXISTS FOR (p:CommissionPlan) ON (p.reseller)
