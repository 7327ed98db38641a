-- Purpose: the parts each ratio of the catalogue is built from: its numerator and denominator
-- indicator ids, one row each (the catalogue joins several with '+'). The ratio models read
-- which figures to divide from here, and a ratio is hidden when any of its parts is.
-- Grain: one row per (indicator_id, part_id). Key: indicator_id, part_id.
-- Upstream: staging.stg_seeds__indicators.
with catalogue as (
    select indicator_id, numerator, denominator from staging.stg_seeds__indicators
),

listed as (
    select indicator_id, 'numerator' as role, string_split(numerator, '+') as parts
    from catalogue
    where numerator is not null
    union all
    select indicator_id, 'denominator' as role, string_split(denominator, '+') as parts
    from catalogue
    where denominator is not null
),

final as (
    select indicator_id, role, trim(part_id) as part_id
    from listed, unnest(parts) as part(part_id)
)

select * from final
