-- The products an order can be priced from, as the product service announced them.
create table order_catalog (
    product_id varchar(255)   not null primary key,
    name       varchar(255)   not null,
    price      numeric(12, 2) not null
);
