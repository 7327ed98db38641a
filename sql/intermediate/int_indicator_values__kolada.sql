-- Purpose: the Kolada context indicators: the total for both genders (gender 'T') of each KPI
-- the seed maps to an indicator, and the payload each value came from. Kolada's 'Missing' and
-- any value it did not give stay NULL with status 'missing'. Each area's value is Kolada's own:
-- a KPI Kolada publishes for municipalities only (type K) has no county row unless Kolada sends
-- one, one for regions only (type L) no municipal rows; nothing here sums or averages areas.
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Columns: the indicator family contract (see intermediate.int_indicator_values).
-- Upstream: staging.stg_kolada__kpi_values, staging.seed_kolada_kpis, raw.payloads.
with kolada as (
    select * from staging.stg_kolada__kpi_values
),

kolada_kpis as (
    select * from staging.seed_kolada_kpis
),

payloads as (
    select * from raw.payloads
),

totals as (
    select * from kolada where gender = 'T'
),

final as (
    select
        kolada_kpis.indicator_id,
        totals.area_code,
        totals.year,
        totals.value,
        case when totals.value is null then 'missing' else 'ok' end as status,
        totals.kpi_id as source_detail,
        totals.is_sample,
        totals.loaded_at as updated_at,
        case
            when payloads.payload_id is null then []
            else [lineage_source('payload', payloads.payload_id, payloads.landed_path,
                                 payloads.fetched_at)]
        end as built_from
    from totals
    inner join kolada_kpis on totals.kpi_id = kolada_kpis.kpi_id
    left join payloads on totals.payload_id = payloads.payload_id
)

select * from final
