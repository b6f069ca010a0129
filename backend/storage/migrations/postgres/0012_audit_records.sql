-- What a request, vendor or letter was after each audited change: the SHA-256 of its
-- audited fields, with a few plain ones (status, dates), as JSON (audit_records.go).
-- `audit verify` compares the last of them with the row as it is now, so a row edited
-- with a database tool no longer matches its trail. Events from before this migration
-- have none ('').
ALTER TABLE audit_events ADD COLUMN record TEXT NOT NULL DEFAULT '';

