-- A vendor's postal address, so a direction letter fits a window envelope like the
-- requesters' letters do.
ALTER TABLE vendors ADD COLUMN postal_address TEXT NOT NULL DEFAULT '';
