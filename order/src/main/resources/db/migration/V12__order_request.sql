-- Idempotency keys of order requests: a repeat of the same request answers with the same order.
create table order_request (
    user_id             varchar(255)                not null,
    idempotency_key     varchar(100)                not null,
    request_fingerprint varchar(64)                 not null,
    order_id            varchar(255)                not null,
    created_at          timestamp(6) with time zone not null,
    primary key (user_id, idempotency_key)
);
