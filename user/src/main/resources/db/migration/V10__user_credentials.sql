-- Sign-in data of each user, written in the same transaction as the user's UserRegisteredEvent.
-- It lives outside the event store on purpose: events are kept for ever, a password hash must be
-- replaceable and erasable. Usernames are stored lower-case, so the unique constraint makes them
-- unique regardless of case, also when two registrations race.
create table user_credentials (
    user_id       varchar(36)                 not null primary key,
    username      varchar(32)                 not null,
    password_hash varchar(100)                not null,
    roles         text[]                      not null,
    created_at    timestamp(6) with time zone not null,
    constraint user_credentials_username_key unique (username)
);
