-- Purpose: the report that counts for each enterprise and year: the one received last
-- (same arrival time: the later file name); earlier ones stay in raw as history.
-- Grain: one row per (orgnr, report_year). Upstream: staging.stg_reports__enterprise_reports.
with reports as (
    select * from staging.stg_reports__enterprise_reports
),

ranked as (
    select
        *,
        row_number() over (
            partition by orgnr, report_year order by received_at desc, file_name desc, file_row desc
        ) as newest_first
    from reports
),

final as (
    select * exclude (newest_first) from ranked where newest_first = 1
)

select * from final
