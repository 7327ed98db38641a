-- Purpose: every indicator value of every family, with what it was built from: the one list of
-- indicator families, read by mart.indicator_values (the values) and mart.value_lineage (their
-- sources). Each family model has the same columns, in this order:
--   indicator_id, area_code, year, value (NULL when not publishable), status (ok | suppressed |
--   missing | preliminary), source_detail (source table or KPI; '' for none), is_sample,
--   updated_at, built_from (lineage_source entries: the payloads or report files).
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Upstream: intermediate.int_indicator_values__population, intermediate.int_indicator_values__kolada,
-- intermediate.int_indicator_values__asf_counts, intermediate.int_indicator_values__asf_rates,
-- intermediate.int_indicator_values__asf_density, intermediate.int_indicator_values__activities.
with population as (
    select * from intermediate.int_indicator_values__population
),

kolada as (
    select * from intermediate.int_indicator_values__kolada
),

asf_counts as (
    select * from intermediate.int_indicator_values__asf_counts
),

asf_rates as (
    select * from intermediate.int_indicator_values__asf_rates
),

asf_density as (
    select * from intermediate.int_indicator_values__asf_density
),

activities as (
    select * from intermediate.int_indicator_values__activities
),

final as (
    select * from population
    union all
    select * from kolada
    union all
    select * from asf_counts
    union all
    select * from asf_rates
    union all
    select * from asf_density
    union all
    select * from activities
)

select * from final
