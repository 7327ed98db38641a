-- Purpose: the indicator catalogue: names, descriptions, unit, source, plan goal, direction and
-- disclosure kind of every published indicator (parts of a ratio only are left out).
-- Grain: one row per indicator_id. Key: indicator_id. Upstream: staging.stg_seeds__indicators.
with catalogue as (
    select * from staging.stg_seeds__indicators
),

final as (
    select
        indicator_id,
        name_sv,
        name_en,
        description_sv,
        description_en,
        unit,
        source,
        plan_goal,
        higher_is_better,
        disclosure,
        decimals
    from catalogue
    where published
)

select * from final
