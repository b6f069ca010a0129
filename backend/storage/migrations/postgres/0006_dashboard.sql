-- Dashboard: indexes that let the cards, the charts and the rule-change check
-- read indexes alone instead of the wide request rows, so they stay fast at 100,000
-- requests (storage/dashboard_bench_test.go).

-- The six cards count open requests by status and next due date; the rule-change check
-- groups the open ones by regime.
CREATE INDEX requests_open_due ON requests(status, next_due, regime);

-- Requests per month by the practice's calendar date of receipt.
CREATE INDEX requests_received_date ON requests(received_date);

-- The on-time rate and median days to close, by closing date.
CREATE INDEX requests_closed_stats ON requests(closed_on, status, received_date) WHERE closed_on IS NOT NULL;

-- Each request's rights with what the cards and the rule-change check read.
CREATE INDEX request_rights_clock ON request_rights(request_id, outcome, right_code, rule_version, acknowledge_by);
