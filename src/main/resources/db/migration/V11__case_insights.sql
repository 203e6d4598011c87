-- Issue 14, insights for process owners (R-CARE-4: learn from the cases). What the figures of GET /api/insights
-- need on the case itself, written where it happens (cases/CaseRepository); existing cases are filled from their
-- record. SQL that H2 and PostgreSQL both accept.

-- When the case last reached RESOLVED or CLOSED (kept when the R-CARE-2 follow-up reopens it). Before: updated_at.
alter table after_sales_case add column resolved_at timestamp with time zone;
update after_sales_case set resolved_at = updated_at where status in ('RESOLVED', 'CLOSED');

-- When the first user task of any of the case's processes was created (cases/PersonOnCasePlugin); NULL: the case was
-- worked without a person so far. Before: the first completion by a person on the timeline.
alter table after_sales_case add column person_task_at timestamp with time zone;
update after_sales_case c set person_task_at =
       (select min(t.at) from case_timeline t where t.case_id = c.case_id and t.what like 'Completed "%');

-- R-CARE-2: when a dissatisfied answer to the follow-up last reopened the case.
alter table after_sales_case add column reopened_at timestamp with time zone;
update after_sales_case c set reopened_at =
       (select max(t.at) from case_timeline t where t.case_id = c.case_id and t.what like 'Case reopened:%');

-- R-LOST-4, R-DMG-5: when an agent filed the claim with the carrier or the insurer, and its reference.
alter table after_sales_case add column carrier_claim_filed_at timestamp with time zone;
alter table after_sales_case add column carrier_claim_reference varchar(100);
update after_sales_case c set carrier_claim_filed_at =
       (select min(t.at) from case_timeline t where t.case_id = c.case_id
           and t.what like 'Completed "File a claim with the carrier"%');

-- R-CARE-4: the SKU the case is about: the order's first item, as the flows show it (itemSku). Before: read from
-- the order's JSON document (the first "sku" in it is the first item's).
alter table after_sales_case add column sku varchar(64);
update after_sales_case c set sku =
       (select substring(o.document from position('"sku":"' in o.document) + 7
                         for position('"' in substring(o.document from position('"sku":"' in o.document) + 7)) - 1)
          from sales_order o where o.order_id = c.order_id and position('"sku":"' in o.document) > 0);

-- The figures select cases by when they opened or were resolved.
create index idx_case_opened_at on after_sales_case (opened_at);
create index idx_case_resolved_at on after_sales_case (resolved_at);
