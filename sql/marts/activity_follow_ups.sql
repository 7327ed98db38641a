-- Purpose: how each activity of the plan went each year, beside the meetings the plan asks of it.
-- Grain: one row per (activity_id, year) with a follow-up. Key: activity_id, year.
-- Upstream: intermediate.int_reports__current_activity_reports, staging.stg_seeds__plan_activities.
with follow_ups as (
    select * from intermediate.int_reports__current_activity_reports
),

planned as (
    select activity_id, meetings_planned from staging.stg_seeds__plan_activities
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
