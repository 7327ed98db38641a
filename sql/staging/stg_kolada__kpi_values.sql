-- Purpose: Kolada KPI values, renamed and typed; Kolada's 'Missing' becomes status 'missing'.
-- Grain: one row per (kpi_id, area_code, year, gender). Key: kpi_id, area_code, year, gender.
-- Upstream: raw.kolada_kpi_values.
with source as (
    select * from raw.kolada_kpi_values
),

renamed as (
    select
        kpi as kpi_id,
        area_code,
        cast(year as integer) as year,
        gender,
        cast(value as double) as value,
        lower(nullif(status, '')) as kolada_status,
        payload_id,
        is_sample,
        loaded_at
    from source
)

select * from renamed
