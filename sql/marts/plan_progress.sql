-- Purpose: how far each target of the action plan has come. Once the target's year is final, the
-- verdict on that year's value (achieved | not_achieved); once it has passed and is not final,
-- not_final (its report coverage beside it, and the last final year's value); while it is still
-- ahead, the latest final year's share of the way from baseline to target against the time
-- elapsed (on_track | behind). After the plan's end year, period_over says the period is over.
-- A target whose baseline and judged year lie across a series break carries the break's note.
-- Grain: one row per target. Key: indicator_id, area_code.
-- Upstream: staging.seed_plan_targets (configuration the region fills in; the shipped rows are
-- examples), mart.indicator_values, mart.indicators, staging.seed_areas,
-- staging.stg_seeds__plan_activities (the plan's period: its activities' first and last years),
-- staging.seed_reporting (the year of the run's date), mart.indicator_breaks,
-- intermediate.int_reports__coverage (an ASF target year's reports expected and received).
-- Rules: what counts is final = status ok with a value: a preliminary year (reports not all in,
-- population not yet published) is never the latest, so a year still coming in never reads as a
-- collapse; a blank baseline_value means the final value of baseline_year; direction from
-- mart.indicators.higher_is_better (NULL: higher is better); progress_pct = 100 * (latest -
-- baseline) / (target - baseline), from the unrounded values, which works for both directions
-- because target - baseline has the sign of the wanted change; on_track when progress_pct >= the
-- share of baseline_year..target_year elapsed at latest_year (clamped 0..100), only while the
-- target's year has not passed; a final target year gives achieved or not_achieved on its own
-- value, never on a later year's.
-- Targets for areas outside the run's region are left out: they have no data in this warehouse.
with targets as (
    select * from staging.seed_plan_targets
),

indicator_values as (
    select * from mart.indicator_values
),

catalogue as (
    select * from mart.indicators
),

areas as (
    select * from staging.seed_areas
),

activities as (
    select * from staging.stg_seeds__plan_activities
),

plan_period as (
    select
        min(first_year) as plan_start_year,
        max(last_year) as plan_end_year,
        (select cast(as_of_year as integer) from staging.seed_reporting) as as_of_year
    from activities
),

breaks as (
    select * from mart.indicator_breaks
),

report_coverage as (
    select * from intermediate.int_reports__coverage
),

typed_targets as (
    select
        trim(indicator_id) as indicator_id,
        trim(area_code) as area_code,
        cast(trim(baseline_year) as integer) as baseline_year,
        cast(nullif(trim(baseline_value), '') as double) as baseline_value,
        cast(trim(target_year) as integer) as target_year,
        cast(trim(target_value) as double) as target_value,
        -- a row the region adds without the flag is its own, not an example
        coalesce(cast(nullif(trim(is_example), '') as boolean), false) as is_example
    from targets
),

published as (
    -- final values only: suppressed, missing and preliminary values never count as progress
    select indicator_id, area_code, year, value, status
    from indicator_values
    where status = 'ok' and value is not null
),

latest as (
    select
        indicator_id,
        area_code,
        year as latest_year,
        value as latest_value,
        status as latest_status
    from published
    qualify row_number() over (partition by indicator_id, area_code order by year desc) = 1
),

with_values as (
    select
        typed_targets.indicator_id,
        typed_targets.area_code,
        areas.area_name,
        typed_targets.baseline_year,
        coalesce(typed_targets.baseline_value, at_baseline.value) as baseline_value,
        typed_targets.target_year,
        typed_targets.target_value,
        latest.latest_year,
        latest.latest_value,
        latest.latest_status,
        coalesce(catalogue.higher_is_better, true) as higher_is_better,
        typed_targets.is_example,
        plan_period.plan_start_year,
        plan_period.plan_end_year,
        plan_period.as_of_year,
        at_target.status as target_year_status,
        case when at_target.status = 'ok' then at_target.value end as target_year_value,
        case
            when typed_targets.indicator_id like 'asf\_%' escape '\' and coverage.expected > 0
                then 100.0 * coverage.reported / coverage.expected
        end as target_year_coverage_pct
    from typed_targets
    cross join plan_period
    inner join areas on typed_targets.area_code = areas.area_code
    left join catalogue on typed_targets.indicator_id = catalogue.indicator_id
    left join latest
        on typed_targets.indicator_id = latest.indicator_id
        and typed_targets.area_code = latest.area_code
    left join published as at_baseline
        on typed_targets.indicator_id = at_baseline.indicator_id
        and typed_targets.area_code = at_baseline.area_code
        and typed_targets.baseline_year = at_baseline.year
    left join indicator_values as at_target
        on typed_targets.indicator_id = at_target.indicator_id
        and typed_targets.area_code = at_target.area_code
        and typed_targets.target_year = at_target.year
    left join report_coverage as coverage
        on typed_targets.area_code = coverage.area_code
        and typed_targets.target_year = coverage.year
),

judged as (
    -- the year the verdict or the pace refers to: the target's year once it is final
    select
        *,
        case when target_year_value is not null then target_year else latest_year end
            as judged_year,
        coalesce(target_year_value, latest_value) as judged_value,
        target_year_value is null and as_of_year > target_year as target_year_pending
    from with_values
),

measured as (
    select
        *,
        case
            when judged_value is null or target_value = baseline_value then null
            -- 0, not the -0.0 that a falling target would give
            when judged_value = baseline_value then 0
            else 100 * (judged_value - baseline_value) / (target_value - baseline_value)
        end as progress_pct,
        greatest(0, least(100,
            100 * (latest_year - baseline_year) / (target_year - baseline_year)
        )) as elapsed_pct,
        case
            when higher_is_better then judged_value >= target_value
            else judged_value <= target_value
        end as target_reached,
        (
            select arg_max(breaks.from_year, breaks.from_year) from breaks
            where breaks.indicator_id = judged.indicator_id
              and breaks.from_year > judged.baseline_year
              and breaks.from_year <= coalesce(judged.judged_year, judged.target_year)
        ) as break_year
    from judged
),

noted as (
    select
        measured.*,
        breaks.note_sv as break_note_sv,
        breaks.note_en as break_note_en
    from measured
    left join breaks
        on measured.indicator_id = breaks.indicator_id and measured.break_year = breaks.from_year
),

final as (
    select
        indicator_id,
        area_code,
        area_name,
        baseline_year,
        baseline_value,
        target_year,
        target_value,
        latest_year,
        latest_value,
        latest_status,
        progress_pct,
        case
            -- the target's year is final: a verdict on its own value, not a pace
            when target_year_value is not null and target_reached then 'achieved'
            when target_year_value is not null then 'not_achieved'
            -- its year has passed and is not final (reports not all in, not yet published)
            when target_year_pending then 'not_final'
            when latest_value is null then 'no_data'
            when target_reached then 'achieved'
            -- without a baseline there is nothing to measure the pace from
            when baseline_value is null then 'no_data'
            -- rounded so that float noise never turns an exact match into 'behind'
            when round(progress_pct, 9) >= round(elapsed_pct, 9) then 'on_track'
            else 'behind'
        end as plan_status,
        is_example,
        plan_start_year,
        plan_end_year,
        as_of_year,
        as_of_year > plan_end_year as period_over,
        judged_year,
        target_year_status,
        target_year_coverage_pct,
        break_year,
        break_note_sv,
        break_note_en
    from noted
)

select * from final
