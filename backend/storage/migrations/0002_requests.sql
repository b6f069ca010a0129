-- Requests: intake, the rights asked for with their clocks and outcomes, the timeline,
-- identity verification, clock pauses, and attached files.

-- The last reference number used per year. Kept apart from requests so a purged
-- request's reference is never handed out again (the audit trail still names it).
CREATE TABLE request_sequences (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE requests (
    id                    INTEGER PRIMARY KEY,
    reference             TEXT NOT NULL UNIQUE,          -- PR-YYYY-NNNN
    ref_year              INTEGER NOT NULL,
    ref_seq               INTEGER NOT NULL,
    requester_name        TEXT NOT NULL,
    requester_email       TEXT NOT NULL DEFAULT '',
    requester_phone       TEXT NOT NULL DEFAULT '',
    requester_dob         TEXT,                          -- YYYY-MM-DD
    client_number         TEXT NOT NULL DEFAULT '',
    submitted_by          TEXT NOT NULL DEFAULT 'self',
    agent_name            TEXT NOT NULL DEFAULT '',
    agent_email           TEXT NOT NULL DEFAULT '',
    agent_phone           TEXT NOT NULL DEFAULT '',
    agent_relationship    TEXT NOT NULL DEFAULT '',
    proof_of_authority    INTEGER NOT NULL DEFAULT 0,
    requester_confirmed   INTEGER NOT NULL DEFAULT 0,
    channel               TEXT NOT NULL,
    received_at           TEXT NOT NULL,                 -- RFC 3339 instant, UTC
    received_date         TEXT NOT NULL,                 -- YYYY-MM-DD in the practice's time zone
    regime                TEXT NOT NULL,
    rights                TEXT NOT NULL DEFAULT '',      -- the rights asked for, comma-separated (list display)
    minor                 INTEGER NOT NULL DEFAULT 0,
    guardian_consent      TEXT NOT NULL DEFAULT 'not-applicable',
    assignee              TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL DEFAULT 'received',
    -- Earliest due date of the rights still pending while the request is open, else NULL:
    -- the due-window filters and the sort by due read it.
    next_due              TEXT,
    deletion_confirmed_on TEXT,
    deletion_channel      TEXT NOT NULL DEFAULT '',
    deletion_note         TEXT NOT NULL DEFAULT '',
    deletion_recorded_at  TEXT,
    deletion_recorded_by  TEXT NOT NULL DEFAULT '',
    extension_reason      TEXT NOT NULL DEFAULT '',
    extended_to           TEXT,
    extended_on           TEXT,
    extended_at           TEXT,
    extended_by           TEXT NOT NULL DEFAULT '',
    closed_at             TEXT,                          -- RFC 3339 instant, UTC
    closed_on             TEXT,                          -- YYYY-MM-DD, practice's time zone (retention)
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    name_key              TEXT NOT NULL DEFAULT '',      -- folded name: sorting and duplicates
    email_key             TEXT NOT NULL DEFAULT '',      -- lower-cased email: duplicates
    -- The wide text comes last: filters and sorts read the columns before it without
    -- walking a long note's overflow pages.
    requester_address     TEXT NOT NULL DEFAULT '',
    tags                  TEXT NOT NULL DEFAULT '[]',    -- JSON array
    description           TEXT NOT NULL DEFAULT '',
    notes                 TEXT NOT NULL DEFAULT '',
    UNIQUE (ref_year, ref_seq)
);
CREATE INDEX requests_received ON requests(received_at);
CREATE INDEX requests_status ON requests(status, received_at);
CREATE INDEX requests_regime ON requests(regime, received_at);
CREATE INDEX requests_regime_status ON requests(regime, status, next_due);
CREATE INDEX requests_assignee ON requests(assignee, received_at);
CREATE INDEX requests_next_due ON requests(next_due) WHERE next_due IS NOT NULL;
CREATE INDEX requests_name ON requests(name_key);
CREATE INDEX requests_email ON requests(email_key);
CREATE INDEX requests_updated ON requests(updated_at);
CREATE INDEX requests_closed ON requests(closed_on) WHERE closed_on IS NOT NULL;

-- What the search box matches. The short fields (reference, names, emails, phone and its
-- digits, client number, tags), folded, sit in a narrow table of their own and match
-- anywhere (LIKE): a scan of 100,000 short rows stays fast however long the notes are.
CREATE TABLE request_search (
    request_id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
    text       TEXT NOT NULL
);
-- The long text (description and notes), folded, in a full-text index (docid = request
-- id) that matches words by their beginning. FTS4 is compiled into the SQLite driver by
-- default. Rows are removed by hand with their request (virtual tables have no cascade).
CREATE VIRTUAL TABLE request_text USING fts4(text, tokenize=unicode61);

CREATE TABLE request_rights (
    id                  INTEGER PRIMARY KEY,
    request_id          INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    right_code          TEXT NOT NULL,                   -- backend.Right
    position            INTEGER NOT NULL DEFAULT 0,
    outcome             TEXT NOT NULL DEFAULT 'pending',
    denial_reason       TEXT NOT NULL DEFAULT '',
    exemption           TEXT NOT NULL DEFAULT '',
    denial_text         TEXT NOT NULL DEFAULT '',
    outcome_at          TEXT,
    outcome_by          TEXT NOT NULL DEFAULT '',
    -- The clock, computed by backend/rules and stored with the rule version used.
    acknowledge_by      TEXT,
    respond_by          TEXT,
    promised_by         TEXT,
    extended_respond_by TEXT,                            -- the latest date an extension may reach
    extended_to         TEXT,                            -- the date chosen when extended
    rule_version        INTEGER NOT NULL DEFAULT 0,
    citation            TEXT NOT NULL DEFAULT '',
    basis               TEXT NOT NULL DEFAULT '',
    can_pause           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (request_id, right_code)
);
CREATE INDEX request_rights_right ON request_rights(right_code, request_id);

CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    os_user     TEXT NOT NULL DEFAULT '',
    staff       TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    action      TEXT NOT NULL DEFAULT '',
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_events_request ON request_events(request_id, id);

-- Files kept under <data folder>/attachments/<sha256>; the original name is shown only.
-- owner_type/owner_id link a file to a request, a vendor or anything else that keeps files.
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    owner_type    TEXT NOT NULL,
    owner_id      INTEGER NOT NULL,
    kind          TEXT NOT NULL DEFAULT '',
    original_name TEXT NOT NULL,
    mime_type     TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    added_at      TEXT NOT NULL,
    added_by      TEXT NOT NULL DEFAULT '',
    os_user       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_owner ON attachments(owner_type, owner_id);
CREATE INDEX attachments_sha256 ON attachments(sha256);

CREATE TABLE request_verifications (
    id                       INTEGER PRIMARY KEY,
    request_id               INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    method                   TEXT NOT NULL,
    verified_by              TEXT NOT NULL,
    verified_on              TEXT NOT NULL,
    degree                   TEXT NOT NULL,
    notes                    TEXT NOT NULL DEFAULT '',
    permission_attachment_id INTEGER REFERENCES attachments(id) ON DELETE SET NULL,
    requester_confirmed      INTEGER NOT NULL DEFAULT 0,
    recorded_at              TEXT NOT NULL,
    recorded_by              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_verifications_request ON request_verifications(request_id, id);

CREATE TABLE request_pauses (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    started_on TEXT NOT NULL,
    ended_on   TEXT,
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_pauses_request ON request_pauses(request_id, id);
