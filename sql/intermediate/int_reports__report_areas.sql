-- Purpose: each current report placed in every area it counts in: its municipality and every
-- area above it that the run covers (its county and, for the whole country, Sweden). County and
-- country figures are therefore counted from enterprise rows, never from municipal values.
-- Grain: one row per (orgnr, report_year, area_code). Key: orgnr, report_year, area_code.
-- Upstream: intermediate.int_reports__current_reports, intermediate.int_areas.
with recursive reports as (
    select * from intermediate.int_reports__current_reports
),

areas as (
    select * from intermediate.int_areas
),

counted_in as (
    -- a municipality, and each area above it up to the top (recursive: however many levels)
    select area_code as municipality_code, area_code, parent_code
    from areas
    where area_level = 'municipality'
    union all
    select counted_in.municipality_code, areas.area_code, areas.parent_code
    from counted_in
    inner join areas on counted_in.parent_code = areas.area_code
),

final as (
    select reports.*, counted_in.area_code
    from reports
    inner join counted_in on reports.municipality_code = counted_in.municipality_code
)

select * from final
