-- Purpose: why each suppressed value is hidden, in the words analysts read in
-- mart.indicator_values.suppression_reason: 'primary' (a count of people of 1–4, shown as <5),
-- 'few_enterprises' (a figure fewer than 3 enterprises make up), 'dominance' (one enterprise
-- over 85 % of a money sum) or 'secondary' (hidden so that a hidden neighbour cannot be worked
-- out from a total). A rate hidden because a part is takes the part's reason (in that order).
-- Only the reason leaves the restricted layer, never a value.
-- Grain: one row per suppressed (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Upstream: restricted.asf_cells_protected, intermediate.int_indicators__ratio_parts.
with cells as (
    select * from restricted.asf_cells_protected
),

parts as (
    select * from intermediate.int_indicators__ratio_parts
),

cell_reasons as (
    select
        indicator_id,
        area_code,
        year,
        case reason
            when 'small_count' then 'primary'
            else reason  -- few_enterprises | dominance | secondary
        end as suppression_reason
    from cells
    where suppressed
),

ranked as (
    select
        *,
        case suppression_reason
            when 'primary' then 1 when 'few_enterprises' then 2 when 'dominance' then 3 else 4
        end as strength
    from cell_reasons
),

rate_reasons as (
    select parts.indicator_id, ranked.area_code, ranked.year,
           arg_min(ranked.suppression_reason, ranked.strength) as suppression_reason
    from parts
    inner join ranked on parts.part_id = ranked.indicator_id
    group by parts.indicator_id, ranked.area_code, ranked.year
),

final as (
    select indicator_id, area_code, year, suppression_reason from cell_reasons
    union all
    select indicator_id, area_code, year, suppression_reason from rate_reasons
    where indicator_id not in (select indicator_id from cells)
)

select * from final
