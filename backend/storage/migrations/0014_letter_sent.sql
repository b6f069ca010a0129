-- When, how and by whom each letter was sent, apart from when it was made. A letter is
-- evidence and never changes, so its sending is a row of its own, written once (one per
-- letter) and never updated.
CREATE TABLE letter_sendings (
    id          INTEGER PRIMARY KEY,
    letter_id   INTEGER NOT NULL UNIQUE REFERENCES letters(id) ON DELETE CASCADE,
    sent_on     TEXT NOT NULL,                          -- calendar date in the practice's zone
    method      TEXT NOT NULL,                          -- post, email, in-person, portal
    sent_by     TEXT NOT NULL,
    recorded_at TEXT NOT NULL                           -- RFC 3339 instant, UTC
);

CREATE TRIGGER letter_sendings_never_change BEFORE UPDATE ON letter_sendings
BEGIN
    SELECT RAISE(ABORT, 'a letter''s sending is recorded once and never changes');
END;

-- Why a request was completed without a response letter recorded as sent.
ALTER TABLE requests ADD COLUMN no_letter_reason TEXT NOT NULL DEFAULT '';
