-- Purpose: the action plan's activities with the name of the sub-goal (delmål) each belongs to.
-- Grain: one row per activity. Key: activity_id.
-- Upstream: staging.stg_seeds__plan_activities, staging.seed_plan_subgoals (configuration the region
-- fills in; the shipped rows are examples), mart.activity_follow_ups (the latest follow-up gives
-- the status). An activity naming an unknown sub-goal gets NULL names, which the table's NOT NULL
-- constraint turns into a failed run rather than a lost row.
with typed_activities as (
    select * from staging.stg_seeds__plan_activities
),

follow_ups as (
    select * from mart.activity_follow_ups
),

latest_follow_up as (
    select activity_id, arg_max(status, year) as status, max(year) as status_year,
           arg_max(meetings_held, year) as meetings_held
    from follow_ups
    group by activity_id
),

subgoals as (
    select * from staging.seed_plan_subgoals
),

typed_subgoals as (
    select
        cast(subgoal_id as integer) as subgoal_id,
        trim(name_sv) as name_sv,
        trim(name_en) as name_en
    from subgoals
),

final as (
    select
        typed_activities.activity_id,
        typed_activities.subgoal_id,
        typed_subgoals.name_sv as subgoal_name_sv,
        typed_subgoals.name_en as subgoal_name_en,
        typed_activities.name_sv,
        typed_activities.name_en,
        typed_activities.owner,
        typed_activities.first_year,
        typed_activities.last_year,
        typed_activities.is_example,
        typed_activities.meetings_planned,
        coalesce(latest_follow_up.status, 'no_report') as status,
        latest_follow_up.status_year,
        latest_follow_up.meetings_held
    from typed_activities
    left join typed_subgoals on typed_activities.subgoal_id = typed_subgoals.subgoal_id
    left join latest_follow_up on typed_activities.activity_id = latest_follow_up.activity_id
)

select * from final
