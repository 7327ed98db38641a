-- Purpose: how each activity of the plan went each year, beside the meetings the plan asks of it.
-- Grain: one row per (activity_id, year) with a follow-up. Key: activity_id, year.
-- Upstream: staging.int_reports__current_activity_reports, staging.seed_plan_activities.
with follow_ups as (
    select * from staging.int_reports__current_activity_reports
),

activities as (
    select * from staging.seed_plan_activities
),

planned as (
    select
        trim(activity_id) as activity_id,
        cast(nullif(trim(meetings_planned_per_year), '') as integer) as meetings_planned
    from activities
),

final as (
    select
        follow_ups.activity_id,
        follow_ups.year,
        follow_ups.status,
        follow_ups.meetings_held,
        planned.meetings_planned,
        follow_ups.comment,
        follow_ups.file_name,
        follow_ups.received_at
    from follow_ups
    left join planned on follow_ups.activity_id = planned.activity_id
)

select * from final
