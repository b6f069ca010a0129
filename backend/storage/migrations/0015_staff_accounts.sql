-- Staff accounts: one per person, so the audit trail's "who" names a real account. The
-- passphrase is kept only as its Argon2id hash, with the hash's parameters and salt.
CREATE TABLE staff_accounts (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL UNIQUE,                -- the name folded: unique regardless of case
    role            TEXT NOT NULL CHECK (role IN ('administrator', 'staff', 'auditor', 'backup')),
    passphrase_hash TEXT NOT NULL,                       -- $argon2id$v=19$m=...,t=...,p=...$salt$hash
    disabled        INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,          -- sign-ins refused since the last success
    last_failure_at TEXT NOT NULL DEFAULT '',            -- RFC 3339 instant, UTC; '' when none
    created_at      TEXT NOT NULL,                       -- RFC 3339 instant, UTC
    updated_at      TEXT NOT NULL
);
