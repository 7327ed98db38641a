-- Purpose: ASF figures per area and year from the current enterprise reports, UNSUPPRESSED,
-- with what disclosure control needs (kind, number of enterprises, the largest contribution).
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Upstream: staging.int_reports__current_reports, staging.int_reports__report_areas,
-- staging.seed_areas.
with reports as (
    select * from staging.int_reports__current_reports
),

areas as (
    select * from staging.seed_areas
),

report_years as (
    select distinct report_year as year from reports
),

placed as (
    select * from staging.int_reports__report_areas
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
    select
        areas.area_code,
        case
            when areas.area_level = 'municipality' then areas.county_code
            when areas.area_level = 'county' and exists (
                select 1 from areas as country where country.area_code = '00'
            ) then '00'
        end as parent_code,
        report_years.year
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
        coalesce(sums.updated_at, (select max(received_at) from reports)) as updated_at
    from grid
    left join sums on grid.area_code = sums.area_code and grid.year = sums.year
),

cells as (
    unpivot (
        select
            area_code, parent_code, year, enterprises, largest_turnover, largest_sales, updated_at,
            cast(enterprises as double) as asf_count,
            cast(employees as double) as asf_employees,
            cast(target_group as double) as asf_employees_target_group,
            cast(participants as double) as asf_participants,
            cast(transitions as double) as asf_transitions,
            cast(turnover as double) as asf_turnover_sek,
            cast(sales as double) as asf_sales_revenue_sek,
            cast(public_contracts as double) as asf_public_contracts,
            cast(reserved_contracts as double) as asf_reserved_contracts
        from filled
    )
    on asf_count, asf_employees, asf_employees_target_group, asf_participants, asf_transitions,
        asf_turnover_sek, asf_sales_revenue_sek, asf_public_contracts, asf_reserved_contracts
    into name indicator_id value value
),

final as (
    select
        indicator_id,
        area_code,
        parent_code,
        year,
        value,
        case
            when indicator_id in (
                'asf_employees', 'asf_employees_target_group', 'asf_participants', 'asf_transitions'
            ) then 'people'
            when indicator_id in ('asf_turnover_sek', 'asf_sales_revenue_sek') then 'financial'
            else 'other'
        end as kind,
        enterprises,
        case indicator_id
            when 'asf_turnover_sek' then largest_turnover
            when 'asf_sales_revenue_sek' then largest_sales
            else 0
        end as largest,
        updated_at
    from cells
)

select * from final
