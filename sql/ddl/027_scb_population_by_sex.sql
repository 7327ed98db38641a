-- Purpose: SCB's population by sex beside the total (issue 26). raw.scb_population gains
-- sex_code, SCB's Kon code as received, in its key: '1' men (män), '2' women (kvinnor), 'TotSa'
-- both (TAB5557's total code), '' when the response had no Kon (eliminated: the total). The
-- query asks each table for both sexes in the same call as before: TAB638 (to 2024) has no total
-- code for sex, so it is asked for 1 and 2; TAB5557 (from 2025) for 1, 2 and TotSa.
-- Rows loaded before this migration keep their values; their sex_code is what their query got:
-- TAB5557 was asked for Kon TotSa, TAB638 left Kon out ('').
-- Grain after: one row per (table_id, contents_code, region_code, sex_code, tid).
-- DuckDB cannot change a primary key in place, so the table is made anew, in this migration's
-- transaction (migrate() runs each file in one).
create table raw.scb_population_027 (
    table_id varchar not null,
    contents_code varchar not null,
    region_code varchar not null,
    region_label varchar,
    sex_code varchar not null,        -- SCB's Kon: '1' men | '2' women | 'TotSa' both | '' none
    tid varchar not null,
    year integer,
    value double,                     -- NULL where SCB gave no value; see status
    status varchar not null,          -- SCB status symbol: '' | '..' | '.' | ':' | '-'
    payload_id varchar not null,
    is_sample boolean not null,
    loaded_at timestamptz not null,
    primary key (table_id, contents_code, region_code, sex_code, tid)
);

insert into raw.scb_population_027 by name
select
    *,
    case when table_id = 'TAB5557' then 'TotSa' else '' end as sex_code
from raw.scb_population;

drop table raw.scb_population;
alter table raw.scb_population_027 rename to scb_population;

comment on column mart.indicator_values.value_women is 'Women''s value where the publisher splits the indicator by sex (Kolada''s gender K; SCB''s Kon 2, kvinnor, for population), in the unit of value; NULL where it does not (a KPI Kolada does not divide by gender, every ASF figure: the enterprises'' reports have no split) and whenever value is NULL (a hidden or missing total never leaves its split visible). Population: to 2024 (TAB638) women + men = value exactly; from 2025 (TAB5557, Cell Key Method) each of the three carries its own small noise and they need not add up.';
comment on column mart.indicator_values.value_men is 'Men''s value where the publisher splits the indicator by sex (Kolada''s gender M; SCB''s Kon 1, män, for population), in the unit of value; NULL where it does not (a KPI Kolada does not divide by gender, every ASF figure: the enterprises'' reports have no split) and whenever value is NULL (a hidden or missing total never leaves its split visible). Population: to 2024 (TAB638) women + men = value exactly; from 2025 (TAB5557, Cell Key Method) each of the three carries its own small noise and they need not add up.';
