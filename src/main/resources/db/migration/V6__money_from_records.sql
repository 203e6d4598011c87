-- Issue 11: money only from the app's records, a cap per order, one open case per order and type, and the
-- buyer's contact data only where the work needs it. SQL that H2 and PostgreSQL both accept.

-- Finding 3: one open case per order and type, held by the database. open_case_type is the case's type while
-- it is open and NULL once it is RESOLVED or CLOSED (CaseRepository); a case that the R-CARE-2 follow-up reopens
-- stays NULL (no more money moves on it). NULLs never collide in a unique constraint.
alter table after_sales_case add column open_case_type varchar(32);

-- Existing databases may hold several open cases of one order and type: the newest (opened last) holds the
-- order's slot; the older ones keep running without it (their processes are not touched: whatever they still
-- refund goes through the order's cap) and say so on their timeline.
update after_sales_case c set open_case_type = c.case_type
 where c.status not in ('RESOLVED', 'CLOSED')
   and not exists (select 1 from after_sales_case n
                    where n.order_id = c.order_id and n.case_type = c.case_type and n.status not in ('RESOLVED', 'CLOSED')
                      and (n.opened_at > c.opened_at or (n.opened_at = c.opened_at and n.case_id > c.case_id)));
insert into case_timeline (case_id, at, what)
select c.case_id, current_timestamp, 'Duplicate open ' || c.case_type || ' case of order ' || c.order_id || ': '
       || (select n.case_id from after_sales_case n where n.order_id = c.order_id and n.open_case_type = c.case_type)
       || ' is the open one now (migration V6). This case runs on; its refunds count toward the order''s cap.'
  from after_sales_case c
 where c.status not in ('RESOLVED', 'CLOSED') and c.open_case_type is null;

alter table after_sales_case add constraint uq_case_open_per_order_and_type unique (order_id, open_case_type);

-- Finding 1: a case's keep-the-item offer (R-GEN-7) as the server checked it. The ceiling comes from the order's
-- value and the CompensationCeiling decision; the offer from the agent's form, checked against that ceiling, with
-- who made it; above the ceiling, the team lead who approved or rejected it (approval NOT_NEEDED, PENDING,
-- APPROVED, REJECTED). A refund of the offer pays this row, never a process variable.
create table case_keep_offer (
    case_id         varchar(64)    primary key references after_sales_case (case_id),
    ceiling_percent numeric(7, 2)  not null,
    ceiling         numeric(19, 2) not null,
    amount          numeric(19, 2),
    offered_by      varchar(64),
    offered_at      timestamp with time zone,
    approval        varchar(16),
    decided_by      varchar(64),
    decided_at      timestamp with time zone
);

-- Finding 3: refunds (and platform debits) that the order's cap cut: what was requested (NULL: what was left),
-- what was paid (0: nothing was left), and the team leads' review task in Tasklist. Once per case and purpose,
-- as the ledger.
create table refund_capped (
    case_id        varchar(64)    not null references after_sales_case (case_id),
    purpose        varchar(64)    not null,
    requested      numeric(19, 2),
    paid           numeric(19, 2) not null,
    currency       varchar(3)     not null,
    review_task_id varchar(64),
    capped_at      timestamp with time zone not null,
    primary key (case_id, purpose)
);

-- Finding 11: a timeline entry that quotes the buyer's contact data or words keeps, beside the full text, the
-- text without the quote, shown to those who may not see contact data. Existing entries of those kinds get it too.
alter table case_timeline add column what_redacted varchar(1000);
update case_timeline set what_redacted = substring(what from 1 for position(')' in what))
 where what like 'Message to buyer (%' and position(')' in what) > 0;
update case_timeline set what_redacted = substring(what from 1 for position(' — ' in what) - 1)
 where (what like 'Case opened by %' or what like 'Buyer feedback: %') and position(' — ' in what) > 0;
update case_timeline set what_redacted = substring(what from 1 for position('): ' in what))
 where what like 'Note by %' and position('): ' in what) > 0;
update case_timeline set what_redacted = 'Event BUYER_REPLIED received' where what like 'Event BUYER_REPLIED received%';
update case_timeline set what_redacted = substring(what from 1 for position(': ' in what) - 1)
 where what like 'Order % cancelled; buyer''s reason: %';
update case_timeline set what_redacted = 'Shipping address changed, warehouse told' where what like 'Shipping address changed to %';
update case_timeline set what_redacted = 'Reship requested' where what like 'Reship requested to %';
