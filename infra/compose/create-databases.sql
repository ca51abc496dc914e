-- Run once by the PostgreSQL container on an empty data volume: one database per service
-- (SAGASHOP_DB_PREFIX is left at its default, sagashop, in compose.yaml).
CREATE DATABASE sagashop_user;
CREATE DATABASE sagashop_product;
CREATE DATABASE sagashop_order;
CREATE DATABASE sagashop_payment;
CREATE DATABASE sagashop_notification;
