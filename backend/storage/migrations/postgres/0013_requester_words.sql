-- The requester's own words, the only text of a request that letters quote, kept apart
-- from the staff's internal summary (description). An existing request gets none: its
-- description was written by staff, so nothing is quoted until someone enters the words.
ALTER TABLE requests ADD COLUMN requester_words TEXT NOT NULL DEFAULT '';
-- The agent's postal address: letters of a request someone made for the requester go to
-- them, and some agents can be written to only by post.
ALTER TABLE requests ADD COLUMN agent_address TEXT NOT NULL DEFAULT '';
