-- Purpose: population cells parsed from SCB json-stat2, as received.
-- Grain: one row per (table_id, contents_code, region_code, tid). Upstream: raw.payloads.
create table raw.scb_population (
    table_id varchar not null,
    contents_code varchar not null,
    region_code varchar not null,
    region_label varchar,
    tid varchar not null,
    year integer,
    value double,                     -- NULL where SCB gave no value; see status
    status varchar not null,          -- SCB status symbol: '' | '..' | '.' | ':' | '-'
    payload_id varchar not null,
    is_sample boolean not null,
    loaded_at timestamptz not null,
    primary key (table_id, contents_code, region_code, tid)
);
