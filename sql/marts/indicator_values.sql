-- Purpose: every indicator value for every area of the region and year (the dashboards' table):
-- the indicator families' values with the area's name and level, the catalogue's unit and the
-- attribution. Suppressed values are NULL with status 'suppressed'; nothing unsuppressed from
-- the restricted layer reaches this table (the ASF families read restricted.asf_cells_protected).
-- A suppressed value carries the reason it is hidden (primary | dominance | secondary).
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Upstream: intermediate.int_indicator_values, intermediate.int_areas, mart.indicators,
-- intermediate.int_suppression_reasons.
with indicator_values as (
    select * from intermediate.int_indicator_values
),

areas as (
    select * from intermediate.int_areas
),

catalogue as (
    select * from mart.indicators
),

reasons as (
    select * from intermediate.int_suppression_reasons
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
            as suppression_reason
    from indicator_values
    inner join areas on indicator_values.area_code = areas.area_code
    inner join catalogue on indicator_values.indicator_id = catalogue.indicator_id
    left join reasons
        on indicator_values.indicator_id = reasons.indicator_id
        and indicator_values.area_code = reasons.area_code
        and indicator_values.year = reasons.year
)

select * from final
