-- Purpose: the report files behind each area and year's ASF figures, as lineage entries: every
-- file holding a current report that counts in the area (intermediate.int_reports__report_areas).
-- Grain: one row per (area_code, year) with reports. Key: area_code, year.
-- Upstream: intermediate.int_reports__report_areas.
with placed as (
    select * from intermediate.int_reports__report_areas
),

files as (
    select distinct area_code, report_year as year, file_sha256, file_name, received_at
    from placed
),

final as (
    select
        area_code,
        year,
        list(
            lineage_source('report_file', file_sha256, file_name, received_at)
            order by file_sha256
        ) as built_from
    from files
    group by area_code, year
)

select * from final
