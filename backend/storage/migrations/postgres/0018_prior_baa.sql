-- The last day of the agreement a BAA renews, when the renewal was signed before that
-- agreement ended and takes effect later: until then the vendor is covered by the old
-- one. NULL when the BAA renews nothing.
ALTER TABLE vendors ADD COLUMN prior_baa_ends_on TEXT;
