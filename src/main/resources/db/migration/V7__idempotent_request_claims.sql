-- Idempotency-Key (config/IdempotencyFilter, config/IdempotentRequests). A request is claimed before it
-- runs; a retry may take the claim over (attempt + 1) once claimed_at is older than
-- aftersales.idempotency-in-flight-timeout, i.e. the first request died (a crash). The request's own
-- business transaction writes "outcome" (what it produced: "case C-…", "event C-… WAREHOUSE_UPDATE")
-- under its attempt, so a request runs at most once, and a retry after a crash between the business
-- commit and storing the answer is answered from the outcome.
alter table idempotent_request add column attempt integer default 1 not null;
alter table idempotent_request add column claimed_at timestamp with time zone;
alter table idempotent_request add column outcome varchar(200);
update idempotent_request set claimed_at = created_at;
alter table idempotent_request alter column claimed_at set not null;
