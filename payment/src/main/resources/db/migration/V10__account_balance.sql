-- The read model of account balances, kept by AccountBalanceProjection (processing group
-- account-balance). The account aggregate never lets a balance go below zero.
create table account_balance (
    account_id varchar(255)                not null primary key,
    balance    numeric(14, 2)              not null check (balance >= 0),
    updated_at timestamp(6) with time zone not null
);
