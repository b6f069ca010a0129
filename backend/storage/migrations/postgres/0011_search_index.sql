-- The search box searches one full-text index: the short fields (reference, names,
-- emails, phone digits, client number, tags) join the description and notes in
-- request_text, so a search is an index lookup by word beginnings at any size instead of
-- a LIKE scan of every request. The index is rebuilt from the requests by the code that
-- runs after this file (reindexSearch in migrate.go); the narrow table goes.
DROP TABLE request_search;
-- The due-date order of the request list, read straight from an index in either
-- direction (requests without a due date last either way, hence two): no sort of every
-- row for every page, and a page after a cursor is a seek in the index.
CREATE INDEX requests_due_order ON requests(coalesce(next_due, '9999-12-31'), id);
CREATE INDEX requests_due_order_desc ON requests(coalesce(next_due, ''), id);
