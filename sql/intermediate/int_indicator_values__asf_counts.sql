-- Purpose: the ASF figures published as they are (counts and sums from the enterprise reports),
-- after disclosure control: a suppressed cell is NULL with status 'suppressed'; an area whose
-- expected enterprises have not reported yet is NULL with status 'missing' (not 0); a year that
-- is not final (restricted.asf_cells: its reports are not all in) is 'preliminary'. Figures the
-- catalogue marks unpublished (a part of some ratio only) are left out. Each value lists the
-- report files it was counted from.
-- Grain: one row per (indicator_id, area_code, year). Key: indicator_id, area_code, year.
-- Columns: the indicator family contract (see intermediate.int_indicator_values).
-- Upstream: restricted.asf_cells_protected, staging.stg_seeds__indicators,
-- intermediate.int_reports__area_files.
with cells as (
    select * from restricted.asf_cells_protected
),

catalogue as (
    select * from staging.stg_seeds__indicators
),

area_files as (
    select * from intermediate.int_reports__area_files
),

published_cells as (
    select cells.*
    from cells
    inner join catalogue on cells.indicator_id = catalogue.indicator_id
    where catalogue.published
),

final as (
    select
        published_cells.indicator_id,
        published_cells.area_code,
        published_cells.year,
        case
            when not published_cells.suppressed and not published_cells.not_reported
                then published_cells.value
        end as value,
        case
            when published_cells.suppressed then 'suppressed'
            when published_cells.not_reported then 'missing'
            when published_cells.preliminary then 'preliminary'
            else 'ok'
        end as status,
        '' as source_detail,
        published_cells.is_sample,
        published_cells.updated_at,
        coalesce(area_files.built_from, []) as built_from
    from published_cells
    left join area_files
        on published_cells.area_code = area_files.area_code
        and published_cells.year = area_files.year
)

select * from final
