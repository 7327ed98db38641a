-- Purpose: the areas mart.indicator_values publishes: the run's own (intermediate.int_areas) and
-- its benchmarks (staging.seed_benchmark_areas: Sweden beside a county; none for the whole
-- country, whose own areas hold Sweden). A benchmark is published only with the values the
-- publishers send for it (SCB, Kolada); the ASF families build on int_areas alone, so a
-- benchmark never has an ASF figure and nothing adds up into it.
-- Grain: one row per area. Key: area_code.
-- Upstream: intermediate.int_areas, staging.seed_benchmark_areas (built in Python from
-- asfetl/data/areas.csv for the configured region; see transform.PYTHON_SEEDS).
with own_areas as (
    select * from intermediate.int_areas
),

benchmark_areas as (
    select * from staging.seed_benchmark_areas
),

final as (
    select area_code, area_name, area_level, false as is_benchmark
    from own_areas
    union all
    select area_code, area_name, area_level, true as is_benchmark
    from benchmark_areas
    where area_code not in (select area_code from own_areas)
)

select * from final
