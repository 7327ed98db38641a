-- Purpose: the areas the run covers, each with the area it adds up into (parent_code): a
-- municipality into its county, a county into the country when the run covers the whole country
-- (ASFETL_REGION=00); the top area has none. The country is found by its level, so its code is
-- stated only in asfetl/data/areas.csv (geography.COUNTRY_CODE).
-- Grain: one row per area. Key: area_code. Upstream: staging.seed_areas (built in Python from
-- asfetl/data/areas.csv for the configured region; see transform.PYTHON_SEEDS).
with areas as (
    select * from staging.seed_areas
),

country as (
    select area_code from areas where area_level = 'country'
),

final as (
    select
        areas.area_code,
        areas.area_name,
        areas.area_level,
        areas.county_code,
        case areas.area_level
            when 'municipality' then areas.county_code
            when 'county' then (select area_code from country)
        end as parent_code
    from areas
)

select * from final
