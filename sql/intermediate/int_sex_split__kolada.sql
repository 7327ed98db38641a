-- Purpose: women's and men's values beside each Kolada indicator's total, where Kolada divides
-- the KPI by gender (its genders K, women, and M, men, beside the total T); a KPI Kolada does
-- not divide has no row here. Read by mart.indicator_values, which shows the split only beside
-- a total it publishes (a hidden or missing total never leaves its split visible).
-- Grain: one row per (indicator_id, area_code, year) with a K or M row at Kolada.
-- Key: indicator_id, area_code, year.
-- Upstream: staging.stg_kolada__kpi_values, staging.seed_kolada_kpis.
with kolada as (
    select * from staging.stg_kolada__kpi_values
),

kolada_kpis as (
    select * from staging.seed_kolada_kpis
),

by_sex as (
    select kpi_id, area_code, year, gender, value
    from kolada
    where gender in ('K', 'M')
),

final as (
    select
        kolada_kpis.indicator_id,
        by_sex.area_code,
        by_sex.year,
        max(by_sex.value) filter (where by_sex.gender = 'K') as value_women,
        max(by_sex.value) filter (where by_sex.gender = 'M') as value_men
    from by_sex
    inner join kolada_kpis on by_sex.kpi_id = kolada_kpis.kpi_id
    group by kolada_kpis.indicator_id, by_sex.area_code, by_sex.year
)

select * from final
