-- What the calendar export needs of a deleted vendor to publish its events once more, as
-- cancelled, for a year after the deletion: a calendar re-import only adds and updates
-- events, so events left out of the file would stay in the office's calendar for good.
-- The vendor's id (its events' UIDs are made of it) and the status and dates its events
-- were made of; never its name or anything else typed about it (the cancelled events say
-- "a deleted vendor"). Written in the deletion's transaction. Rows are kept after the
-- year: they hold no name, and they keep SQLite from giving a deleted vendor's id, and so
-- its events' UIDs, to a new vendor.
CREATE TABLE vendor_tombstones (
    vendor_id         BIGINT PRIMARY KEY,
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
