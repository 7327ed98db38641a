-- Purpose: the plan's activity indicators, for the region as a whole, per year with follow-ups,
-- and the follow-up files each was counted from:
--   plan_activities_started   activities reported started or completed in that year or before
--                             (built from every follow-up up to that year)
--   plan_activities_completed activities reported completed in that year or before (the same)
--   cross_sector_meetings     meetings held that year by the activities the plan asks to meet
--                             (meetings_planned_per_year in the seed: the cross-sector group;
--                             built from those activities' follow-ups of that year)
-- Counts of activities and meetings, not of people: no disclosure control applies.
-- Grain: one row per (indicator_id, year), for the region's own area.
-- Key: indicator_id, area_code, year.
-- Columns: the indicator family contract (see intermediate.int_indicator_values).
-- Upstream: intermediate.int_reports__current_activity_reports,
-- staging.stg_seeds__plan_activities, intermediate.int_areas.
with follow_ups as (
    select * from intermediate.int_reports__current_activity_reports
),

activities as (
    select activity_id, meetings_planned from staging.stg_seeds__plan_activities
),

areas as (
    select * from intermediate.int_areas
),

region as (
    -- the area all others add up into: the county (or the country when ASFETL_REGION=00)
    select area_code from areas where parent_code is null
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

follow_up_files as (
    select
        follow_ups.year,
        follow_ups.activity_id,
        lineage_source(
            'report_file', follow_ups.file_sha256, follow_ups.file_name, follow_ups.received_at
        ) as source
    from follow_ups
),

files_so_far as (
    -- the follow-up files of that year and every year before
    select years.year, list(distinct follow_up_files.source order by follow_up_files.source)
        as built_from
    from years
    inner join follow_up_files on follow_up_files.year <= years.year
    group by years.year
),

meeting_activities as (
    select activity_id from activities where meetings_planned > 0
),

meetings as (
    select
        follow_ups.year,
        sum(follow_ups.meetings_held) as meetings_held,
        count(*) filter (where follow_ups.meetings_held is null) as not_reported
    from follow_ups
    inner join meeting_activities on follow_ups.activity_id = meeting_activities.activity_id
    group by follow_ups.year
),

meeting_files as (
    -- the follow-up files of that year's meetings
    select
        follow_up_files.year,
        list(distinct follow_up_files.source order by follow_up_files.source) as built_from
    from follow_up_files
    inner join meeting_activities on follow_up_files.activity_id = meeting_activities.activity_id
    group by follow_up_files.year
),

latest_arrival as (
    select max(received_at) as updated_at, coalesce(bool_or(is_sample), false) as is_sample
    from follow_ups
),

counts as (
    select
        'plan_activities_started' as indicator_id,
        reached.year,
        reached.started as value,
        'ok' as status,
        files_so_far.built_from
    from reached
    inner join files_so_far on reached.year = files_so_far.year
    union all
    select 'plan_activities_completed', reached.year, reached.completed, 'ok', files_so_far.built_from
    from reached
    inner join files_so_far on reached.year = files_so_far.year
    union all
    select
        'cross_sector_meetings',
        meetings.year,
        case when meetings.not_reported = 0 then meetings.meetings_held end,
        case when meetings.not_reported = 0 then 'ok' else 'missing' end,
        meeting_files.built_from
    from meetings
    inner join meeting_files on meetings.year = meeting_files.year
),

final as (
    select
        counts.indicator_id,
        region.area_code,
        cast(counts.year as integer) as year,
        cast(counts.value as double) as value,
        counts.status,
        '' as source_detail,
        latest_arrival.is_sample,
        latest_arrival.updated_at,
        counts.built_from
    from counts
    cross join region
    cross join latest_arrival
)

select * from final
