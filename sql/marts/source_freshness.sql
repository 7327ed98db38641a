-- Purpose: when each source was last checked and last brought new data, and how many requests
-- its latest check made.
-- Grain: one row per (source, dataset). Upstream: raw.payloads, raw.enterprise_reports,
-- raw.activity_reports.
-- Names: a fetched dataset is named as its source declares it (asfetl/sources/<source>/):
-- extract writes those names into raw.payloads, and `asfetl status` watches the same ones
-- (asfetl.sources.watched). The report inbox is watched as a whole there (reports/inbox);
-- here each kind of report has its row, from the raw table it is loaded into.
with latest_checks as (
    select source, dataset, arg_max(run_id, fetched_at) as run_id from raw.payloads group by all
),

requests as (
    -- the requests of each dataset's latest check (e.g. one per Kolada page)
    select raw.payloads.source, raw.payloads.dataset, count(distinct request_key) as requests
    from raw.payloads
    inner join latest_checks
        on raw.payloads.source = latest_checks.source
        and raw.payloads.dataset = latest_checks.dataset
        and raw.payloads.run_id = latest_checks.run_id
    group by all
),

payloads as (
    select
        raw.payloads.source,
        raw.payloads.dataset,
        max(fetched_at) as last_checked,
        max(fetched_at) filter (where not unchanged and loaded) as last_changed,
        arg_max(is_sample, fetched_at) as is_sample,
        cast(any_value(requests.requests) as integer) as requests
    from raw.payloads
    left join requests
        on raw.payloads.source = requests.source and raw.payloads.dataset = requests.dataset
    group by all
),

reports as (
    select
        'reports' as source,
        'enterprise_reports' as dataset,
        max(loaded_at) as last_checked,
        max(loaded_at) as last_changed,
        coalesce(bool_or(is_sample), false) as is_sample,
        cast(null as integer) as requests
    from raw.enterprise_reports
    having count(*) > 0
),

follow_ups as (
    select
        'reports' as source,
        'activity_reports' as dataset,
        max(loaded_at) as last_checked,
        max(loaded_at) as last_changed,
        coalesce(bool_or(is_sample), false) as is_sample,
        cast(null as integer) as requests
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
