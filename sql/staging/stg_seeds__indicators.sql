-- Purpose: the indicator catalogue as the seed gives it, typed once for every model.
-- Grain: one row per indicator_id. Key: indicator_id.
-- Upstream: staging.seed_indicators (sql/seeds/indicators.csv: every column text).
with source as (
    select * from staging.seed_indicators
),

typed as (
    select
        indicator_id,
        name_sv,
        name_en,
        description_sv,
        description_en,
        unit,
        source,
        nullif(plan_goal, '') as plan_goal,
        cast(nullif(higher_is_better, '') as boolean) as higher_is_better,
        -- people | money | rate | none: what disclosure control hides and how it is shown
        nullif(disclosure, '') as disclosure,
        -- a ratio's parts: indicator ids, several joined by '+'; NULL for other indicators
        nullif(numerator, '') as numerator,
        nullif(denominator, '') as denominator,
        -- false: a part of some ratio only, never published itself
        coalesce(cast(nullif(published, '') as boolean), true) as published,
        -- the decimals the exports round a value to (0: counts and kronor, 1: % and rates;
        -- NULL: not stated, exported unrounded)
        cast(nullif(decimals, '') as integer) as decimals
    from source
)

select * from typed
