-- Vendors: the BAA register, the practice's data map, and requests passed on to vendors.
-- Calendar dates are TEXT 'YYYY-MM-DD' or NULL; instants are TEXT RFC 3339 in UTC.
CREATE TABLE vendors (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    -- lower-cased name: names are unique regardless of case (in any script, which
    -- SQLite's NOCASE would not fold)
    name_key            TEXT NOT NULL UNIQUE,
    services            TEXT NOT NULL DEFAULT '',
    category            TEXT NOT NULL DEFAULT 'other',
    contact_name        TEXT NOT NULL DEFAULT '',
    contact_email       TEXT NOT NULL DEFAULT '',
    contact_phone       TEXT NOT NULL DEFAULT '',
    website             TEXT NOT NULL DEFAULT '',
    phi_access          TEXT NOT NULL DEFAULT 'none',
    hosting             TEXT NOT NULL DEFAULT '',
    subcontractors      TEXT NOT NULL DEFAULT '',
    baa_status          TEXT NOT NULL DEFAULT 'pending',
    baa_reason          TEXT NOT NULL DEFAULT '',
    baa_reason_note     TEXT NOT NULL DEFAULT '',
    baa_signed_on       TEXT,
    baa_effective_on    TEXT,
    baa_expires_on      TEXT,
    next_review_on      TEXT,
    -- the signed BAA, an attachments row (owner_type 'vendor', kind 'signed BAA'): the
    -- file itself lives in the attachments folder under its SHA-256
    baa_attachment_id   INTEGER REFERENCES attachments(id) ON DELETE SET NULL,
    -- one row per clause of 45 CFR 164.504(e)(2): JSON [{clause, answer, note}]
    checklist           TEXT NOT NULL DEFAULT '[]',
    terminated_on       TEXT,
    phi_disposition     TEXT NOT NULL DEFAULT '',
    phi_confirmed_on    TEXT,
    notes               TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

-- Which data-map categories each vendor receives. The data map reads this too, so the
-- register and the map cannot disagree.
CREATE TABLE vendor_data_categories (
    vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    category  TEXT NOT NULL,
    PRIMARY KEY (vendor_id, category)
);
CREATE INDEX vendor_data_categories_category ON vendor_data_categories(category, vendor_id);

-- The data map: one row per category once the practice has described it; a category
-- without a row is "not collected" with the standard examples.
CREATE TABLE data_map (
    category   TEXT PRIMARY KEY,
    examples   TEXT NOT NULL DEFAULT '',
    collected  INTEGER NOT NULL DEFAULT 0,
    sources    TEXT NOT NULL DEFAULT '',
    purposes   TEXT NOT NULL DEFAULT '',
    retention  TEXT NOT NULL DEFAULT '',
    disclosed  INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

-- A request passed on to one vendor ("we will delete, and direct our service providers
-- to delete"), with the proof: when and how the vendor was told, the direction letter,
-- its confirmation; or the reason it was waived.
CREATE TABLE vendor_tasks (
    id                         INTEGER PRIMARY KEY,
    request_id                 INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    -- a vendor with tasks cannot be deleted (the tasks are proof); it is terminated instead
    vendor_id                  INTEGER NOT NULL REFERENCES vendors(id),
    rights                     TEXT NOT NULL DEFAULT '',   -- comma-separated backend.Right
    categories                 TEXT NOT NULL DEFAULT '',   -- comma-separated data-map keys
    notified_on                TEXT,
    notified_via               TEXT NOT NULL DEFAULT '',
    notified_note              TEXT NOT NULL DEFAULT '',
    letter_id                  INTEGER,                    -- the direction letter (letters, 0004)
    confirmed_on               TEXT,
    confirmation_note          TEXT NOT NULL DEFAULT '',
    confirmation_attachment_id INTEGER REFERENCES attachments(id) ON DELETE SET NULL,
    waived_on                  TEXT,
    waived_reason              TEXT NOT NULL DEFAULT '',
    created_at                 TEXT NOT NULL,
    updated_at                 TEXT NOT NULL,
    UNIQUE (request_id, vendor_id)
);
CREATE INDEX vendor_tasks_vendor ON vendor_tasks(vendor_id);
CREATE INDEX vendor_tasks_open ON vendor_tasks(request_id) WHERE confirmed_on IS NULL AND waived_reason = '';

-- When the vendor tasks of a request were proposed. Proposed once: a vendor staff
-- removed is not proposed again, and a request that must be passed on cannot be closed
-- before its proposal was made.
CREATE TABLE vendor_task_proposals (
    request_id  INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
    proposed_at TEXT NOT NULL,
    proposed_by TEXT NOT NULL DEFAULT ''
);
