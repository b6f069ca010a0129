-- What the window remembers for this practice (the staff name last entered, whether the
-- disclaimer was seen, the colour scheme, the deadline notices already shown). It lives
-- with the practice's data, so it follows the database through a backup and a restore and
-- is not shared with another database opened on the same computer.
CREATE TABLE app_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
