-- What decides which privacy laws reach the practice (docs/legal.md#applicability). An
-- existing practice gets empty values: not recorded, so a verdict that depends on one
-- says "cannot tell" until the practice fills it in.
ALTER TABLE practice ADD COLUMN state TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN hipaa_role TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN revenue_band TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN consumers BIGINT;
ALTER TABLE practice ADD COLUMN sells_data TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN offers_eu TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN offers_uk TEXT NOT NULL DEFAULT '';
