-- Purpose: the breaks in the indicators' series as configured, typed once for every model.
-- Grain: one row per (indicator_id, from_year). Key: indicator_id, from_year.
-- Upstream: staging.seed_indicator_breaks (sql/seeds/indicator_breaks.csv: every column text).
with source as (
    select * from staging.seed_indicator_breaks
),

typed as (
    select
        trim(indicator_id) as indicator_id,
        cast(from_year as integer) as from_year,
        trim(note_sv) as note_sv,
        trim(note_en) as note_en
    from source
)

select * from typed
