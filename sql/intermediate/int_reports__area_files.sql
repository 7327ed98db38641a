-- Purpose: the report files behind each area and year's ASF figures, as lineage entries: every
-- file holding a current report that counts in the area (intermediate.int_reports__report_areas);
-- for a year whose reports were due and none has come, the files of its basis year (the reports
-- its expected enterprises were expected from: what its 0 of N rests on).
-- Grain: one row per (area_code, year) with reports, or overdue without any. Key: area_code, year.
-- Upstream: intermediate.int_reports__report_areas, intermediate.int_reports__coverage.
with placed as (
    select * from intermediate.int_reports__report_areas
),

coverage as (
    select * from intermediate.int_reports__coverage
),

files as (
    select distinct area_code, report_year as year, file_sha256, file_name, received_at
    from placed
),

overdue_files as (
    select distinct coverage.area_code, coverage.year, files.file_sha256, files.file_name,
        files.received_at
    from coverage
    inner join files
        on coverage.area_code = files.area_code and coverage.basis_year = files.year
    where coverage.nothing_reported
),

final as (
    select
        area_code,
        year,
        list(
            lineage_source('report_file', file_sha256, file_name, received_at)
            order by file_sha256
        ) as built_from
    from (select * from files union all select * from overdue_files)
    group by area_code, year
)

select * from final
