-- Purpose: every indicator value for every area of the region and year (the dashboards' table).
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Upstream: staging.stg_scb__population, staging.stg_kolada__kpi_values, staging.seed_areas,
-- staging.seed_kolada_kpis, mart.indicators.
with population as (
    select * from staging.stg_scb__population
),

kolada as (
    select * from staging.stg_kolada__kpi_values
),

kolada_kpis as (
    select * from staging.seed_kolada_kpis
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

kolada_values as (
    -- the total (gender T); Kolada's 'Missing' and any value it did not give stay NULL
    select
        kolada_kpis.indicator_id,
        kolada.area_code,
        kolada.year,
        kolada.value,
        case when kolada.value is null then 'missing' else 'ok' end as status,
        kolada.kpi_id as source_detail,
        kolada.is_sample,
        kolada.loaded_at as updated_at
    from kolada
    inner join kolada_kpis on kolada.kpi_id = kolada_kpis.kpi_id
    where kolada.gender = 'T'
),

all_values as (
    select * from population_values
    union all
    select * from kolada_values
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
