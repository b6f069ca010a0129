-- The requester's EU/EEA country, whose public holidays move a GDPR date that falls on
-- one (docs/legal.md#holidays); empty: none chosen, so only weekends move it.
ALTER TABLE requests ADD COLUMN requester_country TEXT NOT NULL DEFAULT '';
-- The earlier date of a stricter state patient-access law on a HIPAA access right, with
-- its citation (docs/legal.md#hipaa); it governs the due date. Existing rights get none
-- until their dates are recomputed.
ALTER TABLE request_rights ADD COLUMN state_due TEXT;
ALTER TABLE request_rights ADD COLUMN state_citation TEXT NOT NULL DEFAULT '';
