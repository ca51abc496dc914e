-- Read model of GET /api/users/me, projected from UserRegisteredEvent.
create table user_profile (
    user_id      varchar(36)  not null primary key,
    username     varchar(32)  not null,
    display_name varchar(64)  not null,
    email        varchar(254) not null,
    roles        text[]       not null
);
