-- The read model of orders: one row per order, its lines, and the timeline of its process.
create table order_summary (
    order_id            varchar(255)                not null primary key,
    user_id             varchar(255)                not null,
    status              varchar(16)                 not null,
    total               numeric(12, 2)              not null,
    cancellation_reason varchar(1000),
    placed_at           timestamp(6) with time zone not null,
    updated_at          timestamp(6) with time zone not null
);

create index order_summary_of_user on order_summary (user_id, placed_at desc);

create table order_summary_line (
    order_id     varchar(255)   not null references order_summary (order_id) on delete cascade,
    line_index   integer        not null,
    product_id   varchar(255)   not null,
    product_name varchar(255)   not null,
    quantity     integer        not null,
    unit_price   numeric(12, 2) not null,
    primary key (order_id, line_index)
);

create table order_timeline (
    order_id   varchar(255)                not null references order_summary (order_id) on delete cascade,
    step_index integer                     not null,
    event_id   varchar(255)                not null,
    at         timestamp(6) with time zone not null,
    step       varchar(32)                 not null,
    detail     varchar(1000)               not null,
    primary key (order_id, step_index)
);
