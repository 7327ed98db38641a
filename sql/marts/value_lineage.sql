-- Purpose: for every published value, the payloads or report files it was built from: the
-- built_from entries of the indicator family that made it, one row each.
-- Grain: one row per (indicator_id, area_code, year, source_ref).
-- Key: indicator_id, area_code, year, source_ref.
-- Upstream: intermediate.int_indicator_values, mart.indicator_values.
with indicator_values as (
    select indicator_id, area_code, year, built_from from intermediate.int_indicator_values
),

published as (
    select indicator_id, area_code, year from mart.indicator_values
),

sources as (
    select indicator_id, area_code, year, unnest(built_from) as source
    from indicator_values
),

final as (
    select
        sources.indicator_id,
        sources.area_code,
        sources.year,
        sources.source.source_kind,
        sources.source.source_ref,
        sources.source.source_name,
        sources.source.received_at
    from sources
    inner join published
        on sources.indicator_id = published.indicator_id
        and sources.area_code = published.area_code
        and sources.year = published.year
)

select * from final
