-- Purpose: the tables dashboards and analysts read (contract in DESIGN.md).
-- mart.indicator_values grain: one row per (indicator_id, area_code, year).
-- mart.indicators grain: one row per indicator_id. mart.build_info: one row, the published build.
create table mart.indicators (
    indicator_id varchar primary key,
    name_sv varchar not null,
    name_en varchar not null,
    description_sv varchar not null,
    description_en varchar not null,
    unit varchar not null,
    source varchar not null,
    plan_goal varchar,
    higher_is_better boolean
);

create table mart.indicator_values (
    indicator_id varchar not null,
    area_code varchar not null,
    area_name varchar not null,
    area_level varchar not null,      -- country | county | municipality
    year integer not null,
    value double,                     -- NULL when not publishable; see status
    status varchar not null,          -- ok | suppressed | missing | preliminary
    unit varchar not null,
    source varchar not null,
    updated_at timestamptz not null,
    primary key (indicator_id, area_code, year)
);

create table mart.build_info (
    run_id varchar not null,
    built_at timestamptz not null,
    data_mode varchar not null,       -- live | sample | mixed: whether what is published is sample data
    region_code varchar not null,
    region_name varchar not null,
    first_year integer not null,
    asfetl_version varchar not null
);
