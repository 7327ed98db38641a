-- Purpose: the follow-up that counts for each activity and year (superseding: the newest_first
-- macro in sql/macros), with its status in the marts' English codes.
-- Grain: one row per (activity_id, year). Key: activity_id, year.
-- Upstream: staging.stg_reports__activity_reports.
with follow_ups as (
    select * from staging.stg_reports__activity_reports
),

current_follow_ups as (
    select * from follow_ups
    qualify newest_first((activity_id, year), received_at, file_name, file_row) = 1
),

final as (
    select
        activity_id,
        year,
        case status_code
            when 'ej_paborjad' then 'not_started'
            when 'paborjad' then 'started'
            when 'avslutad' then 'completed'
            when 'installd' then 'cancelled'
        end as status,
        meetings_held,
        comment,
        file_name,
        file_sha256,
        received_at,
        is_sample
    from current_follow_ups
)

select * from final
