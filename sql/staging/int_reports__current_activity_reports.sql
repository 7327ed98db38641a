-- Purpose: the follow-up that counts for each activity and year: the one received last (same
-- arrival time: the later file name), with its status in the marts' English codes.
-- Grain: one row per (activity_id, year). Key: activity_id, year.
-- Upstream: staging.stg_reports__activity_reports.
with follow_ups as (
    select * from staging.stg_reports__activity_reports
),

ranked as (
    select
        *,
        row_number() over (
            partition by activity_id, year order by received_at desc, file_name desc, file_row desc
        ) as newest_first
    from follow_ups
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
    from ranked
    where newest_first = 1
)

select * from final
