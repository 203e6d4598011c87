-- Issue 15: signed webhooks from Shopify, the carrier's tracking aggregator and the warehouse (package webhooks).
-- Each delivery is kept under the sender's own id (X-Shopify-Webhook-Id, AfterShip's event_id, the warehouse's
-- deliveryId): a second delivery of the same id is answered 200 and does nothing. SQL that H2 and PostgreSQL accept.
create table webhook_delivery (
    source      varchar(16)  not null,
    delivery_id varchar(200) not null,
    topic       varchar(64)  not null,
    received_at timestamp with time zone not null,
    outcome     varchar(1000),
    primary key (source, delivery_id)
);

-- Refunds made outside the app (in the Shopify admin) on an order the app knows: they count toward the order's
-- refund cap (RefundLedger.totalForOrder) as the ledger's lines do. ledger_key: the app's own ledger line
-- (case id:purpose) that this refund carried out, named in the refund's note; such a refund is not counted twice.
create table shop_refund (
    source      varchar(16)    not null,
    refund_id   varchar(64)    not null,
    order_id    varchar(64)    not null references sales_order (order_id),
    amount      numeric(19, 2) not null check (amount >= 0),
    currency    varchar(3)     not null,
    ledger_key  varchar(200),
    refunded_at timestamp with time zone not null,
    primary key (source, refund_id)
);
create index idx_shop_refund_order on shop_refund (order_id);
