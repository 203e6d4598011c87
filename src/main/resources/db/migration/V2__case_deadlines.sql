-- Policy section 2: a task whose SLA limit passed before it was done is recorded here as a breach
-- (one row per task; a retried timer job records once). Open tasks' deadlines come from the engine.
create table case_deadline (
    case_id     varchar(64)  not null references after_sales_case (case_id),
    task_id     varchar(64)  not null,
    task_key    varchar(255) not null,
    task_name   varchar(255),
    sla_rule_id varchar(32)  not null,
    due         timestamp with time zone not null,
    breached_at timestamp with time zone not null,
    primary key (case_id, task_id)
);
