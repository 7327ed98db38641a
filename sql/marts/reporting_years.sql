-- Purpose: the region's reporting years for operators and readers: expected and received reports,
-- the due date and the state (final | open | overdue), also for a year due with no report at all.
-- Grain: one row per year. Key: year.
-- Upstream: intermediate.int_reports__coverage, intermediate.int_areas, staging.seed_reporting.
with coverage as (
    select * from intermediate.int_reports__coverage
),

areas as (
    select * from intermediate.int_areas
),

reporting as (
    select
        cast(split_part(report_due, '-', 1) as integer) as due_month,
        cast(split_part(report_due, '-', 2) as integer) as due_day,
        cast(last_due_year as integer) as last_due_year
    from staging.seed_reporting
),

region as (
    -- the area all others add up into
    select coverage.*
    from coverage
    inner join areas on coverage.area_code = areas.area_code
    where areas.parent_code is null
),

final as (
    select
        region.year,
        cast(region.expected as integer) as expected,
        cast(region.reported as integer) as reported,
        case when region.expected > 0 then 100.0 * region.reported / region.expected end
            as coverage_pct,
        make_date(region.year + 1, reporting.due_month, reporting.due_day) as due_date,
        case
            when region.year_final then 'final'
            when region.year > reporting.last_due_year then 'open'
            else 'overdue'
        end as state
    from region
    cross join reporting
)

select * from final
