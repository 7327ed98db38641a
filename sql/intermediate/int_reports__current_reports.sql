-- Purpose: the report that counts for each enterprise and year (superseding: the newest_first
-- macro in sql/macros); earlier ones stay in raw as history.
-- Grain: one row per (orgnr, report_year). Key: orgnr, report_year.
-- Upstream: staging.stg_reports__enterprise_reports.
with reports as (
    select * from staging.stg_reports__enterprise_reports
),

final as (
    select * from reports
    qualify newest_first((orgnr, report_year), received_at, file_name, file_row) = 1
)

select * from final
