-- Purpose: every accepted activity follow-up row, renamed and typed (superseded ones included).
-- Grain: one row per (file_sha256, file_row). Key: file_sha256, file_row.
-- Upstream: raw.activity_reports.
with source as (
    select * from raw.activity_reports
),

renamed as (
    select
        aktivitet as activity_id,
        cast(ar as integer) as year,
        status as status_code,
        cast(moten_genomforda as integer) as meetings_held,
        kommentar as comment,
        file_name,
        file_sha256,
        row_number as file_row,
        received_at,
        is_sample
    from source
)

select * from renamed
