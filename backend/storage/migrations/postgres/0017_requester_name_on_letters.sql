-- The name letters print for the requester when it differs from their recorded name: a
-- spelling the requester prefers, such as their name in Latin letters. Empty means the
-- recorded name.
ALTER TABLE requests ADD COLUMN requester_letter_name TEXT NOT NULL DEFAULT '';
