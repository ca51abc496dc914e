-- One row per event that a buyer is told about. The id is the event's identifier, so a replayed or
-- redelivered event finds its notification already there.
create table notification (
    id         varchar(255)             not null primary key,
    user_id    varchar(255)             not null,
    order_id   varchar(255)             not null,
    kind       varchar(32)              not null,
    message    text                     not null,
    created_at timestamp with time zone not null
);

-- A buyer's notifications are always read newest first.
create index notification_user_newest_first on notification (user_id, created_at desc);
