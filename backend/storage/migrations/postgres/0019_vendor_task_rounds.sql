-- The earlier rounds of a vendor task, oldest first, as JSON: what the vendor was told
-- and confirmed before a right added to the request started the task's current round
-- (the task's own columns). Kept as they were, confirmations included.
ALTER TABLE vendor_tasks ADD COLUMN earlier_rounds TEXT NOT NULL DEFAULT '[]';
