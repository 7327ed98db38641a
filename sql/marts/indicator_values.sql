-- Purpose: every indicator value for every area of the region and year (the dashboards' table).
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Upstream: staging.stg_scb__population, staging.stg_kolada__kpi_values, staging.seed_areas,
-- staging.seed_kolada_kpis, restricted.asf_cells_protected (disclosure control applied),
-- staging.int_reports__activity_indicators (the activity follow-ups),
-- mart.indicators. Suppressed values are NULL with status 'suppressed'; nothing unsuppressed
-- from the restricted layer reaches this table.
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

asf_cells as (
    select * from restricted.asf_cells_protected
),

report_mode as (
    select coalesce(bool_or(is_sample), false) as is_sample
    from staging.stg_reports__enterprise_reports
),

catalogue as (
    select * from mart.indicators
),

activity_values as (
    select * from staging.int_reports__activity_indicators
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

asf_published_counts as (
    select
        asf_cells.indicator_id,
        asf_cells.area_code,
        asf_cells.year,
        case when asf_cells.suppressed then null else asf_cells.value end as value,
        case when asf_cells.suppressed then 'suppressed' else 'ok' end as status,
        '' as source_detail,
        report_mode.is_sample,
        asf_cells.updated_at
    from asf_cells
    cross join report_mode
    where asf_cells.indicator_id <> 'asf_sales_revenue_sek'  -- a part of the sales share only
),

asf_parts as (
    -- one row per area and year with the parts the rates are built from
    select
        area_code,
        year,
        max(updated_at) as updated_at,
        max(value) filter (where indicator_id = 'asf_count') as enterprises,
        max(value) filter (where indicator_id = 'asf_transitions') as transitions,
        max(value) filter (where indicator_id = 'asf_participants')
            + max(value) filter (where indicator_id = 'asf_employees_target_group') as people,
        bool_or(suppressed) filter (where indicator_id in (
            'asf_transitions', 'asf_participants', 'asf_employees_target_group'
        )) as people_suppressed,
        max(value) filter (where indicator_id = 'asf_sales_revenue_sek') as sales,
        max(value) filter (where indicator_id = 'asf_turnover_sek') as turnover,
        bool_or(suppressed) filter (where indicator_id in (
            'asf_sales_revenue_sek', 'asf_turnover_sek'
        )) as money_suppressed
    from asf_cells
    group by all
),

asf_rates as (
    -- a rate built on a suppressed count is suppressed too
    select
        'asf_transition_rate' as indicator_id,
        area_code,
        year,
        case when not people_suppressed and people > 0 then 100 * transitions / people end
            as value,
        case
            when people_suppressed then 'suppressed'
            when people = 0 then 'missing'
            else 'ok'
        end as status,
        updated_at
    from asf_parts
    union all
    select
        'asf_sales_share',
        area_code,
        year,
        case when not money_suppressed and turnover > 0 then 100 * sales / turnover end,
        case
            when money_suppressed then 'suppressed'
            when turnover = 0 then 'missing'
            else 'ok'
        end,
        updated_at
    from asf_parts
),

population_by_year as (
    select area_code, year, population from population where population is not null
),

asf_density as (
    -- per 10,000 inhabitants of the same year; before SCB has published that year, the latest
    -- published population is used and the value is preliminary
    select
        'asf_per_10k_inhabitants' as indicator_id,
        asf_parts.area_code,
        asf_parts.year,
        10000 * asf_parts.enterprises / latest.population as value,
        case
            when latest.population is null then 'missing'
            when latest.year < asf_parts.year then 'preliminary'
            else 'ok'
        end as status,
        asf_parts.updated_at
    from asf_parts
    left join lateral (
        select population_by_year.year, population_by_year.population
        from population_by_year
        where population_by_year.area_code = asf_parts.area_code
          and population_by_year.year <= asf_parts.year
        order by population_by_year.year desc
        limit 1
    ) as latest on true
),

asf_derived as (
    select
        indicator_id, area_code, year, value, status,
        '' as source_detail,
        report_mode.is_sample,
        updated_at
    from (select * from asf_rates union all select * from asf_density)
    cross join report_mode
),

all_values as (
    select * from population_values
    union all
    select * from kolada_values
    union all
    select * from asf_published_counts
    union all
    select * from asf_derived
    union all
    select
        indicator_id, area_code, year, value, status, '' as source_detail, is_sample, updated_at
    from activity_values
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
        catalogue.source || coalesce(', ' || nullif(all_values.source_detail, ''), '')
            || case when all_values.is_sample then ' (EXEMPELDATA / sample data)' else '' end
            as source,
        all_values.updated_at
    from all_values
    inner join areas on all_values.area_code = areas.area_code
    inner join catalogue on all_values.indicator_id = catalogue.indicator_id
)

select * from final
