-- Purpose: each current report placed in every area it counts in: its municipality, its county
-- and, when the run covers it, Sweden (areas outside the run are left out). County and country
-- figures are therefore counted from enterprise rows, never from municipal values.
-- Grain: one row per (orgnr, report_year, area_code).
-- Upstream: staging.int_reports__current_reports, staging.seed_areas.
with reports as (
    select * from staging.int_reports__current_reports
),

areas as (
    select * from staging.seed_areas
),

placed as (
    select reports.*, reports.municipality_code as area_code from reports
    union all
    select reports.*, left(reports.municipality_code, 2) as area_code from reports
    union all
    select reports.*, '00' as area_code from reports
),

final as (
    select placed.* from placed
    inner join areas on placed.area_code = areas.area_code
)

select * from final
