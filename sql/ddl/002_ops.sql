-- Purpose: what the pipeline did. Grain: ops.runs one row per run (every run, failed ones too,
-- imported from the run journal); ops.validation_findings one row per broken rule per row.
create table ops.runs (
    run_id varchar primary key,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,          -- running | success | partial | failed
    mode varchar not null,            -- live | sample
    region_code varchar not null,
    step_counts json,                 -- {"extract": {...}, "load": {"raw.scb_population": 130}, ...}
    error_message varchar,
    asfetl_version varchar
);

create table ops.validation_findings (
    run_id varchar not null,
    dataset varchar not null,
    file varchar not null,            -- the landed payload or submitted file the row came from
    row_number integer,               -- NULL for a rule about the whole file
    column_name varchar,
    rule varchar not null,
    value varchar,
    message varchar not null,         -- English
    message_sv varchar,               -- Swedish, where the rule has a Swedish text
    severity varchar not null,        -- error | warning
    found_at timestamptz not null
);
