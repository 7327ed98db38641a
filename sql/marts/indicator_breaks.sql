-- Purpose: the breaks in the published indicators' series, for readers and the dashboard.
-- Grain: one row per (indicator_id, from_year). Key: indicator_id, from_year.
-- Upstream: staging.stg_seeds__indicator_breaks, mart.indicators (a break of an indicator that
-- is not published is left out).
with breaks as (
    select * from staging.stg_seeds__indicator_breaks
),

catalogue as (
    select * from mart.indicators
),

final as (
    select
        breaks.indicator_id,
        breaks.from_year,
        breaks.note_sv,
        breaks.note_en
    from breaks
    inner join catalogue on breaks.indicator_id = catalogue.indicator_id
)

select * from final
