-- Purpose: the ASF rates: every ratio of the catalogue whose parts are all ASF figures (e.g. the
-- transition rate, the sales share), as a percentage: 100 * sum(numerator parts) / sum(denominator
-- parts). A rate built on a suppressed part is suppressed too; on a part not yet reported, or
-- with a denominator of 0, or in a year whose reports were due and none has come (the report
-- coverage then 0 % and missing), it is missing; in a year that is not final, preliminary. Each value lists the report files it was counted from.
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Columns: the indicator family contract (see intermediate.int_indicator_values).
-- Upstream: restricted.asf_cells_protected, intermediate.int_indicators__ratio_parts,
-- intermediate.int_reports__area_files.
with cells as (
    select * from restricted.asf_cells_protected
),

parts as (
    select * from intermediate.int_indicators__ratio_parts
),

area_files as (
    select * from intermediate.int_reports__area_files
),

asf_ratios as (
    select indicator_id
    from parts
    group by indicator_id
    having bool_and(part_id in (select indicator_id from cells))
),

sums as (
    select
        parts.indicator_id,
        cells.area_code,
        cells.year,
        sum(cells.value) filter (where parts.role = 'numerator') as numerator,
        sum(cells.value) filter (where parts.role = 'denominator') as denominator,
        bool_or(cells.suppressed) as part_suppressed,
        bool_or(cells.not_reported) as part_not_reported,
        bool_or(cells.preliminary) as preliminary,
        bool_or(cells.nothing_reported) as nothing_reported,
        bool_or(cells.is_sample) as is_sample,
        max(cells.updated_at) as updated_at
    from parts
    inner join asf_ratios on parts.indicator_id = asf_ratios.indicator_id
    inner join cells on parts.part_id = cells.indicator_id
    group by parts.indicator_id, cells.area_code, cells.year
),

final as (
    select
        sums.indicator_id,
        sums.area_code,
        sums.year,
        case
            when not sums.part_suppressed and not sums.part_not_reported and sums.denominator > 0
                then 100 * sums.numerator / sums.denominator
        end as value,
        case
            when sums.part_suppressed then 'suppressed'
            -- a year due with no report at all: its coverage is 0 %, and missing
            when sums.part_not_reported or sums.denominator = 0 or sums.nothing_reported
                then 'missing'
            when sums.preliminary then 'preliminary'
            else 'ok'
        end as status,
        '' as source_detail,
        sums.is_sample,
        sums.updated_at,
        coalesce(area_files.built_from, []) as built_from
    from sums
    left join area_files on sums.area_code = area_files.area_code and sums.year = area_files.year
)

select * from final
