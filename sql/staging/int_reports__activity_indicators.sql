-- Purpose: the plan's activity indicators, for the region as a whole, per year with follow-ups:
--   plan_activities_started   activities reported started or completed in that year or before
--   plan_activities_completed activities reported completed in that year or before
--   cross_sector_meetings     meetings held that year by the activities the plan asks to meet
--                             (meetings_planned_per_year in the seed: the cross-sector group)
-- Counts of activities and meetings, not of people: no disclosure control applies.
-- Grain: one row per (indicator_id, year). Upstream: staging.int_reports__current_activity_reports,
-- staging.stg_seeds__plan_activities, staging.seed_areas.
with follow_ups as (
    select * from staging.int_reports__current_activity_reports
),

activities as (
    select activity_id, meetings_planned from staging.stg_seeds__plan_activities
),

region as (
    -- the broadest area the run covers: the county (or the country when ASFETL_REGION=00)
    select area_code from staging.seed_areas
    order by case area_level when 'country' then 0 when 'county' then 1 else 2 end, area_code
    limit 1
),

bounds as (
    select min(year) as first_year, max(year) as last_year from follow_ups
),

years as (
    -- every year from the first follow-up to the latest: a count carries on through a gap
    select unnest(range(first_year, last_year + 1)) as year from bounds where first_year is not null
),

first_reached as (
    select
        activity_id,
        min(year) filter (where status in ('started', 'completed')) as started_year,
        min(year) filter (where status = 'completed') as completed_year
    from follow_ups
    group by activity_id
),

reached as (
    select
        years.year,
        count(first_reached.started_year) filter (where first_reached.started_year <= years.year)
            as started,
        count(first_reached.completed_year) filter (where first_reached.completed_year <= years.year)
            as completed
    from years
    cross join first_reached
    group by years.year
),

meetings as (
    select
        follow_ups.year,
        sum(follow_ups.meetings_held) as meetings_held,
        count(*) filter (where follow_ups.meetings_held is null) as not_reported
    from follow_ups
    inner join activities
        on follow_ups.activity_id = activities.activity_id and activities.meetings_planned > 0
    group by follow_ups.year
),

latest_arrival as (
    select max(received_at) as updated_at, coalesce(bool_or(is_sample), false) as is_sample
    from follow_ups
),

counts as (
    select 'plan_activities_started' as indicator_id, year, started as value, 'ok' as status
    from reached
    union all
    select 'plan_activities_completed', year, completed, 'ok'
    from reached
    union all
    select
        'cross_sector_meetings',
        year,
        case when not_reported = 0 then meetings_held end,
        case when not_reported = 0 then 'ok' else 'missing' end
    from meetings
),

final as (
    select
        counts.indicator_id,
        region.area_code,
        counts.year,
        cast(counts.value as double) as value,
        counts.status,
        latest_arrival.is_sample,
        latest_arrival.updated_at
    from counts
    cross join region
    cross join latest_arrival
)

select * from final
