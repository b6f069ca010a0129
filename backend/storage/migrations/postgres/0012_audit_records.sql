-- What a request, vendor or letter was after each audited change: the SHA-256 of its
-- audited fields, with a few plain ones (status, dates), as JSON (audit_records.go).
-- `audit verify` compares the last of them with the row as it is now, so a row edited
-- with a database tool no longer matches its trail. Events from before this migration
-- have none ('').
ALTER TABLE audit_events ADD COLUMN record TEXT NOT NULL DEFAULT '';

-- SQLite's group_concat(value, separator), which the audited fields of a request use to
-- fold its rights' outcomes into one value: the same expression, hashed by its text, then
-- reads the same on both engines.
CREATE FUNCTION group_concat_step(acc text, v text, sep text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || sep || v END
$$;
CREATE AGGREGATE group_concat(text, text) (SFUNC = group_concat_step, STYPE = text);
