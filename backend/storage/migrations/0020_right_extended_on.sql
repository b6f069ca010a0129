-- The day each right's period was extended. The law allows one extension of each right's
-- period, so a request whose rights run on different clocks (a HIPAA access and an
-- amendment, say) may extend a right the first extension left alone, later. NULL on a
-- right not extended, and on one extended before this column: the request's extended_on
-- is that day.
ALTER TABLE request_rights ADD COLUMN extended_on TEXT;
