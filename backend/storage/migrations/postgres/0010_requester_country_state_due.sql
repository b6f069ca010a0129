-- The requester's EU/EEA country, whose public holidays move a GDPR date that falls on
-- one (docs/legal.md#holidays); empty: none chosen, so only weekends move it. GDPR
-- requests logged before were counted with the practice's holiday country, so they
-- record that one: the country stored is the one their dates were computed with.
ALTER TABLE requests ADD COLUMN requester_country TEXT NOT NULL DEFAULT '';
UPDATE requests SET requester_country = coalesce((SELECT holiday_country FROM practice WHERE id = 1), '')
WHERE regime = 'gdpr';
-- The earlier date of a stricter state patient-access law on a HIPAA access right, with
-- its citation (docs/legal.md#hipaa); it governs the due date. Existing rights get none
-- until their dates are recomputed.
ALTER TABLE request_rights ADD COLUMN state_due TEXT;
ALTER TABLE request_rights ADD COLUMN state_citation TEXT NOT NULL DEFAULT '';
