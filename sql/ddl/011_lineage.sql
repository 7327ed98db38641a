-- Purpose: where every published value came from, and how fresh each source is.
create table mart.value_lineage (
    indicator_id varchar not null,
    area_code varchar not null,
    year integer not null,
    source_kind varchar not null,     -- payload (an API response) | report_file (a submitted file)
    source_ref varchar not null,      -- raw.payloads.payload_id or the report file's sha256
    source_name varchar not null,     -- the landed payload's path, or the report file's name
    received_at timestamptz not null, -- when that payload was fetched or that file arrived
    primary key (indicator_id, area_code, year, source_ref)
);

create table mart.source_freshness (
    source varchar not null,          -- scb | kolada | reports
    dataset varchar not null,
    last_checked timestamptz,         -- last time a run fetched it (changed or not)
    last_changed timestamptz,         -- last time it brought new data
    is_sample boolean not null,
    primary key (source, dataset)
);

comment on table mart.value_lineage is 'Lineage: the API payloads or report files each published value was built from. Grain: one row per (indicator_id, area_code, year, source_ref).';
comment on column mart.value_lineage.indicator_id is 'Indicator of the value (see mart.indicator_values)';
comment on column mart.value_lineage.area_code is 'Area of the value';
comment on column mart.value_lineage.year is 'Year of the value';
comment on column mart.value_lineage.source_kind is 'payload (an API response) | report_file (a submitted report)';
comment on column mart.value_lineage.source_ref is 'raw.payloads.payload_id, or the report file''s sha256';
comment on column mart.value_lineage.source_name is 'The landed payload''s path under the warehouse folder, or the report file''s name';
comment on column mart.value_lineage.received_at is 'When the payload was fetched or the file arrived';
comment on table mart.source_freshness is 'When each source was last checked and last brought new data. Grain: one row per (source, dataset).';
comment on column mart.source_freshness.source is 'scb | kolada | reports';
comment on column mart.source_freshness.dataset is 'The dataset of that source';
comment on column mart.source_freshness.last_checked is 'Last time a run fetched it, changed or not';
comment on column mart.source_freshness.last_changed is 'Last time it brought new data';
comment on column mart.source_freshness.is_sample is 'true when the latest data is the shipped sample data';
