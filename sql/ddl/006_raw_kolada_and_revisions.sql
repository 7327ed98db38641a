-- Purpose: Kolada KPI values as received, and the history of values publishers revised.
-- raw.kolada_kpi_values grain: one row per (kpi, municipality_id, period, gender).
-- raw.revisions grain: one row per revised value per load; the raw tables keep the latest value.
create table raw.kolada_kpi_values (
    kpi varchar not null,
    municipality_id varchar not null, -- Kolada's id: '0000' Sweden, '0018' a county, '1880'
    area_code varchar not null,       -- the SCB code the id stands for: '00', '18', '1880'
    period varchar not null,
    year integer,
    gender varchar not null,          -- T total, K women, M men
    value double,                     -- NULL when Kolada has no value; see status
    status varchar not null,          -- '' or Kolada's status, e.g. 'Missing'
    count integer,
    payload_id varchar not null,
    is_sample boolean not null,
    loaded_at timestamptz not null,
    primary key (kpi, municipality_id, period, gender)
);

create table raw.revisions (
    raw_table varchar not null,       -- e.g. raw.scb_population
    natural_key json not null,        -- the revised row's key columns and values
    previous_value double,
    previous_status varchar,
    previous_payload_id varchar,
    previous_loaded_at timestamptz,
    new_value double,
    new_status varchar,
    new_payload_id varchar not null,
    revised_at timestamptz not null
);
