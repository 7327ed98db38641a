-- Purpose: the population indicator: SCB's population on 31 December per area and year, and the
-- payload each value came from. raw.scb_population holds the two tables' folkmängd only
-- (TAB638 BE0101N1 to 2024, TAB5557 000007ME from 2025); the filter keeps it that way.
-- Grain: one row per (area_code, year). Key: indicator_id, area_code, year.
-- Columns: the indicator family contract (see intermediate.int_indicator_values).
-- Upstream: staging.stg_scb__population, raw.payloads.
with population as (
    select * from staging.stg_scb__population
    where contents_code in ('BE0101N1', '000007ME')
),

payloads as (
    select * from raw.payloads
),

final as (
    select
        'population' as indicator_id,
        population.area_code,
        population.year,
        population.population as value,
        -- SCB's status symbols (.. . :) all mean "no publishable value"
        case when population.population is null then 'missing' else 'ok' end as status,
        population.source_table as source_detail,
        population.is_sample,
        population.loaded_at as updated_at,
        case
            when payloads.payload_id is null then []
            else [lineage_source('payload', payloads.payload_id, payloads.landed_path,
                                 payloads.fetched_at)]
        end as built_from
    from population
    left join payloads on population.payload_id = payloads.payload_id
)

select * from final
