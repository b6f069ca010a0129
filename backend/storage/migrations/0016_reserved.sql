-- Placeholder: version 16 is the migration another branch adds at the same time. This
-- file does nothing and is deleted when that branch's 0016 is merged.
SELECT 1;
