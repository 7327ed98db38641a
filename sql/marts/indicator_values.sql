-- Purpose: every indicator value for every area of the region and year (the dashboards' table).
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Upstream: staging.stg_scb__population, staging.seed_areas, mart.indicators.
with population as (
    select * from staging.stg_scb__population
),

areas as (
    select * from staging.seed_areas
),

catalogue as (
    select * from mart.indicators
),

population_values as (
    select
        'population' as indicator_id,
        population.area_code,
        population.year,
        population.population as value,
        -- SCB's status symbols (.. . :) all mean "no publishable value"
        case when population.population is null then 'missing' else 'ok' end as status,
        population.source_table as source_detail,
        population.is_sample,
        population.loaded_at as updated_at
    from population
),

all_values as (
    select * from population_values
),

final as (
    select
        all_values.indicator_id,
        all_values.area_code,
        areas.area_name,
        areas.area_level,
        all_values.year,
        all_values.value,
        all_values.status,
        catalogue.unit,
        catalogue.source || ', ' || all_values.source_detail
            || case when all_values.is_sample then ' (EXEMPELDATA / sample data)' else '' end
            as source,
        all_values.updated_at
    from all_values
    inner join areas on all_values.area_code = areas.area_code
    inner join catalogue on all_values.indicator_id = catalogue.indicator_id
)

select * from final
