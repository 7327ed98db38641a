-- Purpose: the population indicator: SCB's population on 31 December per area and year, both
-- sexes together, and the payloads each value came from. raw.scb_population holds the two
-- tables' folkmängd only (TAB638 BE0101N1 to 2024, TAB5557 000007ME from 2025); the filter keeps
-- it that way. The total of a year is the one its table publishes:
--   TAB5557 (Cell Key Method): its total code for both sexes, TotSa, as published. Under CKM each
--     cell carries its own noise, so men and women are never added up into a total.
--   TAB638: the table has no code for both sexes (Kon has 1 and 2 only, and is asked for both so
--     that one call gives the split too); its total, what SCB itself answers when Kon is left
--     out, is men plus women, exactly: the table is from before CKM and SCB allows its cells to
--     be added (aggregallowed). A sex without a value leaves the total without one (missing).
--     A row loaded with Kon left out (sex_code '', before migration 027) is used only where the
--     two sexes of that area and year have not been loaded.
-- Nothing here adds areas up: Sweden (00) and the county are SCB's own cells.
-- Grain: one row per (area_code, year). Key: indicator_id, area_code, year.
-- Columns: the indicator family contract (see intermediate.int_indicator_values).
-- Upstream: staging.stg_scb__population, raw.payloads.
with population as (
    select * from staging.stg_scb__population
    where contents_code in ('BE0101N1', '000007ME')
),

payloads as (
    select * from raw.payloads
),

published_totals as (
    select
        source_table,
        area_code,
        year,
        population,
        payload_id as first_payload_id,
        payload_id as second_payload_id,
        is_sample,
        loaded_at
    from population
    where sex_code in ('TotSa', '')
),

men_plus_women as (
    select
        source_table,
        area_code,
        year,
        case when count(population) = 2 then sum(population) end as population,
        -- both sexes come in one payload unless a cell limit split the call between them
        min(payload_id) as first_payload_id,
        max(payload_id) as second_payload_id,
        bool_or(is_sample) as is_sample,
        max(loaded_at) as loaded_at
    from population
    where contents_code = 'BE0101N1' and sex_code in ('1', '2')
    group by source_table, area_code, year
    having count(*) = 2
),

totals as (
    select * from men_plus_women
    union all
    select * from published_totals
    where not exists (
        select 1 from men_plus_women
        where men_plus_women.source_table = published_totals.source_table
          and men_plus_women.area_code = published_totals.area_code
          and men_plus_women.year = published_totals.year
    )
),

final as (
    select
        'population' as indicator_id,
        totals.area_code,
        totals.year,
        totals.population as value,
        -- SCB's status symbols (.. . :) all mean "no publishable value"
        case when totals.population is null then 'missing' else 'ok' end as status,
        totals.source_table as source_detail,
        totals.is_sample,
        totals.loaded_at as updated_at,
        case
            when first_payload.payload_id is null then []
            when second_payload.payload_id is null
                or second_payload.payload_id = first_payload.payload_id
                then [lineage_source('payload', first_payload.payload_id,
                                     first_payload.landed_path, first_payload.fetched_at)]
            else [lineage_source('payload', first_payload.payload_id,
                                 first_payload.landed_path, first_payload.fetched_at),
                  lineage_source('payload', second_payload.payload_id,
                                 second_payload.landed_path, second_payload.fetched_at)]
        end as built_from
    from totals
    left join payloads as first_payload on totals.first_payload_id = first_payload.payload_id
    left join payloads as second_payload on totals.second_payload_id = second_payload.payload_id
)

select * from final
