-- Purpose: how complete each year's enterprise reports are, per area: the enterprises expected to
-- report for the year (those with a current report for the latest year before it that has
-- reports — the year before, unless nobody reported for that one — counted in that report's
-- areas, unless marked as ceased from this year or earlier; and every one that reported for it,
-- counted where it reported) against those that did; and whether the year is final: its reports
-- were due before the run's date (staging.seed_reporting.last_due_year) and the region's coverage
-- (the area all others add up into) reaches the threshold. A year that is not final is
-- preliminary in every ASF figure. A year whose reports were due and of which none has come
-- still has its rows (nothing_reported): not reported is not 0, and an overdue year is not
-- forgotten. A year not yet due with no report is not shown yet.
-- Grain: one row per (area_code, year), for every area and every year from the first year with
-- reports up to the later of the last year with reports and the last year whose reports are due.
-- Key: area_code, year. basis_year: the year whose reporters are expected again.
-- Upstream: intermediate.int_reports__current_reports, intermediate.int_reports__report_areas,
-- intermediate.int_areas, staging.seed_reporting, staging.seed_ceased_enterprises.
with reports as (
    select * from intermediate.int_reports__current_reports
),

placed as (
    select * from intermediate.int_reports__report_areas
),

areas as (
    select * from intermediate.int_areas
),

reporting as (
    select
        cast(coverage_threshold as double) as coverage_threshold,
        cast(last_due_year as integer) as last_due_year
    from staging.seed_reporting
),

ceased as (
    select orgnr, cast(from_year as integer) as from_year from staging.seed_ceased_enterprises
),

reported_years as (
    select distinct report_year as year from reports
),

report_years as (
    -- every year from the first reported one up to the last due (or the last reported), and for
    -- each the latest earlier year with reports: whose reporters are expected again
    select
        cast(years.year as integer) as year,
        (select max(reported_years.year) from reported_years where reported_years.year < years.year)
            as basis_year
    from (
        select unnest(range(
            (select min(year) from reported_years),
            greatest((select max(year) from reported_years), (select last_due_year from reporting))
                + 1
        )) as year
    ) as years
    where exists (select 1 from reported_years)
),

reported as (
    select distinct area_code, report_year as year, orgnr from placed
),

carried_over as (
    -- reported for the basis year (the year before, unless nobody reported for that one) and not
    -- (yet) for this year: expected where it reported last
    select distinct prior.area_code, report_years.year, prior.orgnr
    from report_years
    inner join placed as prior on prior.report_year = report_years.basis_year
    where not exists (
        select 1 from ceased
        where ceased.orgnr = prior.orgnr and ceased.from_year <= report_years.year
    )
      and not exists (
        select 1 from reports
        where reports.orgnr = prior.orgnr and reports.report_year = report_years.year
    )
),

expected as (
    select area_code, year, orgnr from reported
    union all
    select area_code, year, orgnr from carried_over
),

expected_counts as (
    select area_code, year, count(*) as expected from expected group by area_code, year
),

reported_counts as (
    select area_code, year, count(*) as reported from reported group by area_code, year
),

grid as (
    select
        areas.area_code,
        areas.parent_code,
        report_years.year,
        coalesce(expected_counts.expected, 0) as expected,
        coalesce(reported_counts.reported, 0) as reported
    from areas
    cross join report_years
    left join expected_counts
        on areas.area_code = expected_counts.area_code and report_years.year = expected_counts.year
    left join reported_counts
        on areas.area_code = reported_counts.area_code and report_years.year = reported_counts.year
),

region_years as (
    select
        grid.year,
        grid.year <= reporting.last_due_year
            and (grid.expected = 0
                 or 100.0 * grid.reported / grid.expected >= reporting.coverage_threshold)
            as year_final,
        grid.year <= reporting.last_due_year and grid.reported = 0 as nothing_reported
    from grid
    cross join reporting
    where grid.parent_code is null
),

final as (
    select
        grid.area_code,
        cast(grid.year as integer) as year,
        cast(report_years.basis_year as integer) as basis_year,
        grid.expected,
        grid.reported,
        region_years.year_final,
        region_years.nothing_reported
    from grid
    inner join region_years on grid.year = region_years.year
    inner join report_years on grid.year = report_years.year
)

select * from final
