-- Purpose: ASF figures per area and year from the current enterprise reports, UNSUPPRESSED, with
-- what disclosure control needs: the figure's disclosure kind (the catalogue's `disclosure`),
-- the area it adds up into, the number of enterprises and the largest single contribution; and
-- how complete the year's reports are (intermediate.int_reports__coverage): `not_reported` when
-- the figure comes from the reports and the area's expected enterprises have not reported yet
-- (not yet reported is not 0), `preliminary` when the year is not final, `nothing_reported` when
-- the year's reports were due and none has come (an overdue year has its rows all the same). The reports expected
-- and received are figures too (of the intake, known even where nothing has come in).
-- Each figure's id is the name of its column in `cells` (its one definition in sql/).
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Upstream: intermediate.int_reports__current_reports, intermediate.int_reports__report_areas,
-- intermediate.int_areas, intermediate.int_reports__coverage, staging.stg_reports__enterprise_reports,
-- staging.stg_seeds__indicators.
with reports as (
    select * from intermediate.int_reports__current_reports
),

accepted_reports as (
    select * from staging.stg_reports__enterprise_reports
),

placed as (
    select * from intermediate.int_reports__report_areas
),

areas as (
    select * from intermediate.int_areas
),

catalogue as (
    select * from staging.stg_seeds__indicators
),

coverage as (
    select * from intermediate.int_reports__coverage
),

report_years as (
    -- the years coverage shows: those with reports and the overdue ones without any
    select distinct year from coverage
),

report_mode as (
    -- sample data when any accepted report is (superseded ones included)
    select coalesce(bool_or(is_sample), false) as is_sample from accepted_reports
),

sums as (
    select
        placed.area_code,
        placed.report_year as year,
        count(*) as enterprises,
        sum(employees_total) as employees,
        sum(employees_target_group) as target_group,
        sum(participants) as participants,
        sum(transitions_work + transitions_studies) as transitions,
        -- money summed as decimals: a sum of doubles depends on the order rows arrive in
        cast(sum(cast(turnover_sek as decimal(18, 2))) as double) as turnover,
        max(turnover_sek) as largest_turnover,
        cast(sum(cast(sales_revenue_sek as decimal(18, 2))) as double) as sales,
        max(sales_revenue_sek) as largest_sales,
        sum(public_contracts) as public_contracts,
        sum(reserved_contracts) as reserved_contracts,
        max(received_at) as updated_at
    from placed
    group by all
),

grid as (
    -- every area and year, so that an area without enterprises shows 0, not a gap
    select areas.area_code, areas.parent_code, report_years.year
    from areas
    cross join report_years
),

filled as (
    select
        grid.*,
        coalesce(sums.enterprises, 0) as enterprises,
        coalesce(sums.employees, 0) as employees,
        coalesce(sums.target_group, 0) as target_group,
        coalesce(sums.participants, 0) as participants,
        coalesce(sums.transitions, 0) as transitions,
        coalesce(sums.turnover, 0) as turnover,
        coalesce(sums.largest_turnover, 0) as largest_turnover,
        coalesce(sums.sales, 0) as sales,
        coalesce(sums.largest_sales, 0) as largest_sales,
        coalesce(sums.public_contracts, 0) as public_contracts,
        coalesce(sums.reserved_contracts, 0) as reserved_contracts,
        coalesce(sums.updated_at, (select max(received_at) from reports)) as updated_at,
        coverage.expected,
        coverage.reported,
        coverage.year_final,
        coverage.nothing_reported
    from grid
    left join sums on grid.area_code = sums.area_code and grid.year = sums.year
    inner join coverage on grid.area_code = coverage.area_code and grid.year = coverage.year
),

cells as (
    -- one row per figure: its value and the largest single enterprise's part of it (money only;
    -- the other figures have no dominance rule)
    unpivot (
        select
            area_code, parent_code, year, enterprises, updated_at, expected, reported, year_final,
            nothing_reported,
            cast(enterprises as double) as enterprises_value,
            cast(employees as double) as employees_value,
            cast(target_group as double) as target_group_value,
            cast(participants as double) as participants_value,
            cast(transitions as double) as transitions_value,
            cast(turnover as double) as turnover_value,
            cast(largest_turnover as double) as largest_turnover_value,
            cast(sales as double) as sales_value,
            cast(largest_sales as double) as largest_sales_value,
            cast(public_contracts as double) as public_contracts_value,
            cast(reserved_contracts as double) as reserved_contracts_value,
            cast(expected as double) as expected_value,
            cast(reported as double) as reported_value,
            cast(0 as double) as no_largest,
            true as of_reports,
            false as of_intake
        from filled
    )
    on
        (enterprises_value, no_largest, of_reports) as asf_count,
        (employees_value, no_largest, of_reports) as asf_employees,
        (target_group_value, no_largest, of_reports) as asf_employees_target_group,
        (participants_value, no_largest, of_reports) as asf_participants,
        (transitions_value, no_largest, of_reports) as asf_transitions,
        (turnover_value, largest_turnover_value, of_reports) as asf_turnover_sek,
        (sales_value, largest_sales_value, of_reports) as asf_sales_revenue_sek,
        (public_contracts_value, no_largest, of_reports) as asf_public_contracts,
        (reserved_contracts_value, no_largest, of_reports) as asf_reserved_contracts,
        (expected_value, no_largest, of_intake) as asf_reports_expected,
        (reported_value, no_largest, of_intake) as asf_reports_received
    into name indicator_id value value, largest, from_reports
),

final as (
    select
        cells.indicator_id,
        cells.area_code,
        cells.parent_code,
        cells.year,
        cells.value,
        -- a figure without a catalogue row would escape disclosure control: fail the run instead
        coalesce(
            catalogue.disclosure,
            error('ASF figure ' || cells.indicator_id || ' has no disclosure kind in '
                || 'sql/seeds/indicators.csv; add its row there.')
        ) as disclosure,
        cells.enterprises,
        cells.largest,
        report_mode.is_sample,
        cells.updated_at,
        cells.from_reports and cells.expected > 0 and cells.reported = 0 as not_reported,
        not cells.year_final as preliminary,
        -- the year's reports were due and none has come: even the intake's figures are missing
        cells.nothing_reported
    from cells
    left join catalogue on cells.indicator_id = catalogue.indicator_id
    cross join report_mode
)

select * from final
