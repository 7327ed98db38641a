-- Purpose: for every published value, the payloads or report files it was built from.
-- Grain: one row per (indicator_id, area_code, year, source_ref).
-- Upstream: mart.indicator_values, raw.scb_population, raw.kolada_kpi_values, raw.payloads,
-- staging.seed_kolada_kpis, staging.int_reports__report_areas,
-- staging.int_reports__current_activity_reports, staging.stg_seeds__plan_activities.
with published as (
    select indicator_id, area_code, year from mart.indicator_values
),

payloads as (
    select * from raw.payloads
),

population_sources as (
    select distinct 'population' as indicator_id, region_code as area_code, year, payload_id
    from raw.scb_population
),

density_sources as (
    -- asf_per_10k_inhabitants divides by the latest population up to its year
    select distinct
        'asf_per_10k_inhabitants' as indicator_id,
        published.area_code,
        published.year,
        arg_max(population.payload_id, population.year) as payload_id
    from published
    inner join raw.scb_population as population
        on population.region_code = published.area_code
        and population.year <= published.year
        and population.value is not null
    where published.indicator_id = 'asf_per_10k_inhabitants'
    group by published.area_code, published.year
),

kolada_sources as (
    select distinct kpis.indicator_id, kolada.area_code, kolada.year, kolada.payload_id
    from raw.kolada_kpi_values as kolada
    inner join staging.seed_kolada_kpis as kpis on kolada.kpi = kpis.kpi_id
    where kolada.gender = 'T'
),

payload_lineage as (
    select
        sources.indicator_id, sources.area_code, sources.year,
        'payload' as source_kind,
        payloads.payload_id as source_ref,
        payloads.landed_path as source_name,
        payloads.fetched_at as received_at
    from (
        select * from population_sources
        union all select * from density_sources
        union all select * from kolada_sources
    ) as sources
    inner join payloads on sources.payload_id = payloads.payload_id
),

report_areas as (
    select * from staging.int_reports__report_areas
),

report_lineage as (
    select distinct
        published.indicator_id, report_areas.area_code, report_areas.report_year as year,
        'report_file' as source_kind,
        report_areas.file_sha256 as source_ref,
        report_areas.file_name as source_name,
        report_areas.received_at
    from report_areas
    inner join published
        on published.area_code = report_areas.area_code
        and published.year = report_areas.report_year
        and published.indicator_id like 'asf%'
),

follow_ups as (
    select * from staging.int_reports__current_activity_reports
),

meeting_activities as (
    select activity_id from staging.stg_seeds__plan_activities where meetings_planned > 0
),

follow_up_lineage as (
    -- activity counts carry every follow-up up to their year; meetings only that year's
    select distinct
        published.indicator_id, published.area_code, published.year,
        'report_file' as source_kind,
        follow_ups.file_sha256 as source_ref,
        follow_ups.file_name as source_name,
        follow_ups.received_at
    from published
    inner join follow_ups
        on (published.indicator_id in ('plan_activities_started', 'plan_activities_completed')
            and follow_ups.year <= published.year)
        or (published.indicator_id = 'cross_sector_meetings'
            and follow_ups.year = published.year
            and follow_ups.activity_id in (select activity_id from meeting_activities))
),

final as (
    select lineage.*
    from (
        select * from payload_lineage
        union all select * from report_lineage
        union all select * from follow_up_lineage
    ) as lineage
    inner join published using (indicator_id, area_code, year)
)

select * from final
