-- R-CARE-1: the e-mail relay (messaging/BuyerEmailRelay) sends buyer_message_outbox rows when SMTP is set up.
-- attempts: tries so far; next_attempt_at: when a node may take the row (again): the backoff after a failure, and
-- while a node sends it, the end of its claim (a node that dies mid-send leaves the row to another after that);
-- last_error: the latest failure; failed_at: given up after the last attempt (FAILED on the case's timeline).
alter table buyer_message_outbox add column attempts integer default 0 not null;
alter table buyer_message_outbox add column next_attempt_at timestamp with time zone;
alter table buyer_message_outbox add column last_error varchar(1000);
alter table buyer_message_outbox add column failed_at timestamp with time zone;
create index idx_outbox_pending on buyer_message_outbox (sent_at, failed_at, id);
