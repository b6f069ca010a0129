-- Foundation: the practice profile and the hash-chained audit trail.
CREATE TABLE practice (
    id               BIGINT PRIMARY KEY CHECK (id = 1),
    name             TEXT NOT NULL DEFAULT '',
    legal_entity     TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    privacy_contact  TEXT NOT NULL DEFAULT '',
    time_zone        TEXT NOT NULL DEFAULT 'America/Chicago',
    logo             BYTEA,
    signatory_name   TEXT NOT NULL DEFAULT '',
    signatory_title  TEXT NOT NULL DEFAULT '',
    paper_size       TEXT NOT NULL DEFAULT 'letter',
    promised_days    TEXT NOT NULL DEFAULT '{}',
    holiday_country  TEXT NOT NULL DEFAULT 'DE',
    closed_days      TEXT NOT NULL DEFAULT '[]',
    attachment_max_mb BIGINT NOT NULL DEFAULT 50,
    backup_folder    TEXT NOT NULL DEFAULT '',
    backup_keep      BIGINT NOT NULL DEFAULT 14,
    updated_at       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit_events (
    seq        BIGINT PRIMARY KEY,
    at         TEXT NOT NULL,
    os_user    TEXT NOT NULL DEFAULT '',
    staff      TEXT NOT NULL DEFAULT '',
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    before     TEXT NOT NULL DEFAULT '',
    after      TEXT NOT NULL DEFAULT '',
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events(entity, entity_id, seq);

-- The chain's last event, kept apart so that deleting events from the end is caught too.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
