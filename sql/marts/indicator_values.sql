-- Purpose: every indicator value for every area of the region and year (the dashboards' table):
-- the indicator families' values with the area's name and level, the catalogue's unit and the
-- attribution. Suppressed values are NULL with status 'suppressed'; nothing unsuppressed from
-- the restricted layer reaches this table (the ASF families read restricted.asf_cells_protected).
-- A suppressed value carries the reason it is hidden (primary | dominance | secondary).
-- The areas are the run's own and, beside a county, Sweden as a benchmark
-- (intermediate.int_published_areas): Sweden has the values its publishers send (population,
-- the Kolada KPIs), never an ASF figure. Women's and men's values stand beside the total where
-- the publisher splits it (Kolada's K and M: intermediate.int_sex_split__kolada; SCB's Kon 2 and
-- 1 of the population: intermediate.int_sex_split__scb), and only beside a total that is shown:
-- a NULL total (suppressed, missing) has a NULL split too.
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Upstream: intermediate.int_indicator_values, intermediate.int_published_areas, mart.indicators,
-- intermediate.int_suppression_reasons, intermediate.int_sex_split__kolada,
-- intermediate.int_sex_split__scb.
with indicator_values as (
    select * from intermediate.int_indicator_values
),

areas as (
    select * from intermediate.int_published_areas
),

catalogue as (
    select * from mart.indicators
),

reasons as (
    select * from intermediate.int_suppression_reasons
),

sex_split as (
    select * from intermediate.int_sex_split__kolada
    union all
    select * from intermediate.int_sex_split__scb
),

final as (
    select
        indicator_values.indicator_id,
        indicator_values.area_code,
        areas.area_name,
        areas.area_level,
        indicator_values.year,
        indicator_values.value,
        indicator_values.status,
        catalogue.unit,
        catalogue.source || coalesce(', ' || nullif(indicator_values.source_detail, ''), '')
            || case when indicator_values.is_sample then ' (EXEMPELDATA / sample data)' else '' end
            as source,
        indicator_values.updated_at,
        case when indicator_values.status = 'suppressed' then reasons.suppression_reason end
            as suppression_reason,
        case when indicator_values.value is not null then sex_split.value_women end
            as value_women,
        case when indicator_values.value is not null then sex_split.value_men end as value_men
    from indicator_values
    inner join areas on indicator_values.area_code = areas.area_code
    inner join catalogue on indicator_values.indicator_id = catalogue.indicator_id
    left join reasons
        on indicator_values.indicator_id = reasons.indicator_id
        and indicator_values.area_code = reasons.area_code
        and indicator_values.year = reasons.year
    left join sex_split
        on indicator_values.indicator_id = sex_split.indicator_id
        and indicator_values.area_code = sex_split.area_code
        and indicator_values.year = sex_split.year
)

select * from final
