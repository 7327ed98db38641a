-- Purpose: SCB population on 31 December, renamed and typed.
-- Grain: one row per (area_code, year). Key: area_code, year.
-- Upstream: raw.scb_population (TAB638 to 2024; TAB5557 from 2025 uses content code 000007ME).
with source as (
    select * from raw.scb_population
    where contents_code in ('BE0101N1', '000007ME')
),

renamed as (
    select
        region_code as area_code,
        cast(year as integer) as year,
        cast(value as double) as population,
        status as scb_status,
        table_id as source_table,
        is_sample,
        loaded_at
    from source
)

select * from renamed
