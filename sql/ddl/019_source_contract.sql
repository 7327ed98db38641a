-- Purpose: the source contract watch (asfetl/operations/contracts.py). What each publisher last
-- said about the KPIs and tables asfetl depends on, every change of their definitions with the
-- old and the new text, and the findings of each run's comparison.
create table ops.source_definitions (
    source varchar not null,
    object_id varchar not null,          -- a Kolada KPI id, an SCB table id
    listed boolean not null,             -- false: the publisher no longer lists it
    title varchar,
    description varchar,
    updated varchar,                     -- SCB's `updated` of the table
    latest_period integer,               -- the newest year published (Kolada's publ_period)
    next_publication date,               -- the next planned publication (Kolada's publication_date)
    checked_at timestamptz not null,
    run_id varchar not null,
    primary key (source, object_id)
);

create table ops.definition_changes (
    source varchar not null,
    object_id varchar not null,
    field varchar not null,              -- title | description | updated
    old_value varchar,
    new_value varchar,
    changed_at timestamptz not null,
    run_id varchar not null
);

create table ops.source_findings (
    run_id varchar not null,
    source varchar not null,
    object_id varchar not null,
    kind varchar not null,               -- ended | changed | new_data | late
    message varchar not null,            -- one sentence, English
    found_at timestamptz not null
);
