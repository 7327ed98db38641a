-- Purpose: women's and men's population beside its total: SCB's Kon 2 (kvinnor) and 1 (män) of
-- the table each total came from (TAB638 to 2024, TAB5557 from 2025), as SCB publishes them, for
-- Sweden, the county and each municipality. To 2024 they add up to the total exactly (the total
-- is their sum); from 2025, under the Cell Key Method, each of the three cells carries its own
-- noise and they need not. Read by mart.indicator_values, which shows the split only beside a
-- total it publishes.
-- Grain: one row per (indicator_id, area_code, year) of the population with a Kon 1 or 2 row.
-- Key: indicator_id, area_code, year.
-- Upstream: intermediate.int_indicator_values__population, staging.stg_scb__population.
with totals as (
    select * from intermediate.int_indicator_values__population
),

by_sex as (
    select source_table, area_code, year, sex_code, population
    from staging.stg_scb__population
    where sex_code in ('1', '2')
),

final as (
    select
        totals.indicator_id,
        totals.area_code,
        totals.year,
        max(by_sex.population) filter (where by_sex.sex_code = '2') as value_women,
        max(by_sex.population) filter (where by_sex.sex_code = '1') as value_men
    from totals
    inner join by_sex
        on totals.source_detail = by_sex.source_table
        and totals.area_code = by_sex.area_code
        and totals.year = by_sex.year
    group by totals.indicator_id, totals.area_code, totals.year
)

select * from final
