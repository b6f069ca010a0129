-- Disclosures recorded for a HIPAA accounting request (45 CFR 164.528): what the
-- hipaa-accounting letter lists.
CREATE TABLE request_disclosures (
    id                INTEGER PRIMARY KEY,
    request_id        INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    disclosed_on      TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    recipient_address TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX request_disclosures_request ON request_disclosures(request_id, disclosed_on);
