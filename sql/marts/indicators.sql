-- Purpose: the indicator catalogue: names, descriptions, unit, source and plan goal.
-- Grain: one row per indicator_id. Key: indicator_id. Upstream: staging.seed_indicators.
with catalogue as (
    select * from staging.seed_indicators
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
        nullif(plan_goal, '') as plan_goal,
        cast(nullif(higher_is_better, '') as boolean) as higher_is_better
    from catalogue
)

select * from final
