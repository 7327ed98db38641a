-- Purpose: SCB population on 31 December, renamed and typed.
-- Grain: one row per (source_table, contents_code, area_code, sex_code, year), as raw holds them.
-- Key: source_table, contents_code, area_code, sex_code, year.
-- sex_code is SCB's Kon as received: '1' men, '2' women, 'TotSa' both (TAB5557's total code),
-- '' for a row loaded with Kon eliminated (the total; TAB638 before migration 027).
-- Upstream: raw.scb_population (TAB638 to 2024; TAB5557 from 2025 uses content code 000007ME).
with source as (
    select * from raw.scb_population
),

renamed as (
    select
        region_code as area_code,
        cast(year as integer) as year,
        sex_code,
        cast(value as double) as population,
        status as scb_status,
        table_id as source_table,
        contents_code,
        payload_id,
        is_sample,
        loaded_at
    from source
)

select * from renamed
