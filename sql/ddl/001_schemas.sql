-- Purpose: the four layers of the warehouse.
-- raw: payloads and parsed source rows as received; staging: renamed, typed, one row per
-- observation; mart: what analysts and dashboards read; ops: runs, findings, source state.
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists mart;
create schema if not exists ops;
