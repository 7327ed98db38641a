-- Purpose: when each source was last checked and last brought new data.
-- Grain: one row per (source, dataset). Upstream: raw.payloads, raw.enterprise_reports,
-- raw.activity_reports.
-- Names: a fetched dataset is named as its source declares it (asfetl/sources/<source>/):
-- extract writes those names into raw.payloads, and `asfetl status` watches the same ones
-- (asfetl.sources.watched). The report inbox is watched as a whole there (reports/inbox);
-- here each kind of report has its row, from the raw table it is loaded into.
with payloads as (
    select
        source,
        dataset,
        max(fetched_at) as last_checked,
        max(fetched_at) filter (where not unchanged and loaded) as last_changed,
        arg_max(is_sample, fetched_at) as is_sample
    from raw.payloads
    group by all
),

reports as (
    select
        'reports' as source,
        'enterprise_reports' as dataset,
        max(loaded_at) as last_checked,
        max(loaded_at) as last_changed,
        coalesce(bool_or(is_sample), false) as is_sample
    from raw.enterprise_reports
    having count(*) > 0
),

follow_ups as (
    select
        'reports' as source,
        'activity_reports' as dataset,
        max(loaded_at) as last_checked,
        max(loaded_at) as last_changed,
        coalesce(bool_or(is_sample), false) as is_sample
    from raw.activity_reports
    having count(*) > 0
),

final as (
    select * from payloads
    union all
    select * from reports
    union all
    select * from follow_ups
)

select * from final
