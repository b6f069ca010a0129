-- Letters: every letter made is kept as evidence with its request (and, for a direction
-- to a vendor, its vendor task): the PDF bytes, their SHA-256, the template and version
-- used, who made it and when. A stored letter never changes; issuing again makes a new
-- one. Deleting happens only with the request itself (the retention purge).
CREATE TABLE letters (
    id               INTEGER PRIMARY KEY,
    request_id       INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    -- The vendor task the letter was written for. No foreign key: removing a task must
    -- not rewrite the evidence, so the id stays as it was.
    vendor_task_id   INTEGER,
    vendor_name      TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL,
    template_name    TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    recipient        TEXT NOT NULL,
    pages            INTEGER NOT NULL,
    size             INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    pdf              BLOB NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL                      -- RFC 3339 instant, UTC
);
CREATE INDEX letters_request ON letters(request_id, id);

CREATE TRIGGER letters_never_change BEFORE UPDATE ON letters
BEGIN
    SELECT RAISE(ABORT, 'letters are evidence: a stored letter never changes');
END;

-- The office manager's edited copies of the built-in templates. Each save is a new
-- version; old versions stay, because stored letters name the version they used.
CREATE TABLE letter_templates (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,                           -- folded name: unique per kind regardless of case
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (kind, name_key, version)
);

CREATE TRIGGER letter_templates_never_change BEFORE UPDATE ON letter_templates
BEGIN
    SELECT RAISE(ABORT, 'a saved template version never changes: save a new version');
END;
