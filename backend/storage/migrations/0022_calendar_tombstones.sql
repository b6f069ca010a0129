-- What the calendar export needs to publish, as cancelled, the events of something
-- deleted, for a year after the deletion: a calendar re-import only adds and updates
-- events, so events left out of the file would stay in the office's calendar for good.
-- Each table keeps what the events' UIDs and dates were made of, never a name or
-- anything else typed about it. Written in the deletion's transaction.

-- A deleted vendor: its id (its events' UIDs are made of it), its BAA status and dates.
-- The cancelled events say "a deleted vendor". Rows are kept after the year: they hold
-- no name, and they keep SQLite from giving a deleted vendor's id, and so its events'
-- UIDs, to a new vendor.
CREATE TABLE vendor_tombstones (
    vendor_id         INTEGER PRIMARY KEY,
    baa_status        TEXT NOT NULL,
    baa_effective_on  TEXT,
    baa_expires_on    TEXT,
    prior_baa_ends_on TEXT,
    next_review_on    TEXT,
    terminated_on     TEXT,
    created_at        TEXT NOT NULL,   -- the vendor's, RFC 3339 in UTC
    updated_at        TEXT NOT NULL,   -- the vendor's last change before the deletion
    deleted_at        TEXT NOT NULL,   -- RFC 3339 in UTC
    deleted_on        TEXT NOT NULL    -- the practice's date of the deletion
);
CREATE INDEX vendor_tombstones_deleted_on ON vendor_tombstones(deleted_on);

-- A pending right taken off an open request (its event's UID is the request's reference
-- and the right), with the dates its due date was made of. Removed when the right is put
-- back; goes with its request when the request is purged.
CREATE TABLE right_tombstones (
    request_id     INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    right_code     TEXT NOT NULL,
    respond_by     TEXT,
    promised_by    TEXT,
    extended_to    TEXT,
    state_due      TEXT,
    citation       TEXT NOT NULL DEFAULT '',
    state_citation TEXT NOT NULL DEFAULT '',
    removed_at     TEXT NOT NULL,   -- RFC 3339 in UTC
    removed_on     TEXT NOT NULL,   -- the practice's date of the removal
    PRIMARY KEY (request_id, right_code)
);
CREATE INDEX right_tombstones_removed_on ON right_tombstones(removed_on);
