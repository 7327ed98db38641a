-- Purpose: ASF figures per 10,000 inhabitants: every ratio of the catalogue whose numerator is an
-- ASF figure and whose denominator is the population. The population-year rule, stated once:
-- the population of the same year; before SCB has published that year, the latest published
-- population, and the value is preliminary. Hidden when the numerator is; missing when it is not
-- yet reported; preliminary in a year that is not final. Each value lists the
-- population payload and the report files it was built from.
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Columns: the indicator family contract (see intermediate.int_indicator_values).
-- Upstream: restricted.asf_cells_protected, intermediate.int_indicators__ratio_parts,
-- intermediate.int_indicator_values__population, intermediate.int_reports__area_files.
with cells as (
    select * from restricted.asf_cells_protected
),

parts as (
    select * from intermediate.int_indicators__ratio_parts
),

population as (
    select * from intermediate.int_indicator_values__population where value is not null
),

area_files as (
    select * from intermediate.int_reports__area_files
),

densities as (
    select
        numerator.indicator_id,
        numerator.part_id as numerator_id,
        denominator.part_id as denominator_id
    from parts as numerator
    inner join parts as denominator
        on numerator.indicator_id = denominator.indicator_id and denominator.role = 'denominator'
    where numerator.role = 'numerator'
      and numerator.part_id in (select indicator_id from cells)
      and denominator.part_id in (select indicator_id from population)
),

counts as (
    select densities.indicator_id, densities.denominator_id, cells.* exclude (indicator_id)
    from densities
    inner join cells on densities.numerator_id = cells.indicator_id
),

with_population as (
    select
        counts.*,
        latest.year as population_year,
        latest.value as population,
        latest.built_from as population_sources
    from counts
    left join lateral (
        select population.year, population.value, population.built_from
        from population
        where population.indicator_id = counts.denominator_id
          and population.area_code = counts.area_code
          and population.year <= counts.year
        order by population.year desc
        limit 1
    ) as latest on true
),

final as (
    select
        with_population.indicator_id,
        with_population.area_code,
        with_population.year,
        case
            when not with_population.suppressed and not with_population.not_reported
                then 10000 * with_population.value / with_population.population
        end as value,
        case
            when with_population.suppressed then 'suppressed'
            when with_population.not_reported or with_population.population is null
                then 'missing'
            when with_population.preliminary
                or with_population.population_year < with_population.year then 'preliminary'
            else 'ok'
        end as status,
        '' as source_detail,
        with_population.is_sample,
        with_population.updated_at,
        list_concat(
            coalesce(with_population.population_sources, []), coalesce(area_files.built_from, [])
        ) as built_from
    from with_population
    left join area_files
        on with_population.area_code = area_files.area_code
        and with_population.year = area_files.year
)

select * from final
