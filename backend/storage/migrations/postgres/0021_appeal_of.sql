-- An appeal names the request whose denial it appeals (the state laws' appeal of a refusal
-- to act). NULL when it names none: an appeal of a decision made before Privacy Desk, or
-- logged before this column. A denied request purged at the end of its retention leaves
-- its appeals without the link rather than blocking the purge.
ALTER TABLE requests ADD COLUMN appeal_of TEXT REFERENCES requests(reference) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX requests_appeal_of ON requests(appeal_of);
