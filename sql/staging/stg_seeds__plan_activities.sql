-- Purpose: the plan's activities as the region configured them, typed once for every model.
-- Grain: one row per activity. Key: activity_id. Upstream: staging.seed_plan_activities (the
-- CSV seed: every column text).
with source as (
    select * from staging.seed_plan_activities
),

typed as (
    select
        trim(activity_id) as activity_id,
        cast(subgoal_id as integer) as subgoal_id,
        trim(name_sv) as name_sv,
        trim(name_en) as name_en,
        nullif(trim(owner), '') as owner,
        cast(nullif(trim(first_year), '') as integer) as first_year,
        cast(nullif(trim(last_year), '') as integer) as last_year,
        -- a row the region adds without the flag is its own, not an example
        coalesce(cast(nullif(trim(is_example), '') as boolean), false) as is_example,
        -- meetings a year the plan asks of the activity (the cross-sector group); NULL: none
        cast(nullif(trim(meetings_planned_per_year), '') as integer) as meetings_planned
    from source
)

select * from typed
