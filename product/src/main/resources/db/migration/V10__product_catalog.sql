-- The read model of the catalog: one row per product, kept up to date by ProductCatalogProjection.

create table product_catalog (
    product_id      varchar(255)   not null primary key,
    name            text           not null,
    description     text           not null,
    price           numeric(12, 2) not null,
    available_stock integer        not null check (available_stock >= 0)
);
