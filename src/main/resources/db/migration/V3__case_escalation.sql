-- R-ESC-1..4: a case the buyer escalated to the platform records the platform's case id, the
-- outcome (WITHDRAWN, SELLER_REFUNDED, GRANTED_SELLER_FUNDED, CLOSED_SELLER_FAVOUR, LOST_BY_SILENCE)
-- and whether it counts as an order defect.
alter table after_sales_case add column platform_case_id varchar(64);
alter table after_sales_case add column escalation_outcome varchar(32);
alter table after_sales_case add column order_defect boolean;
