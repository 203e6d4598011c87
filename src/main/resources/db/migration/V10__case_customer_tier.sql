-- R-CARE-3: the buyer's tier as the order said when the case opened; the priority and deadlines of the
-- case's tasks follow it (bpmn/customer-priority.dmn). Cases opened before are REGULAR.
alter table after_sales_case add column customer_tier varchar(16) default 'REGULAR' not null;
