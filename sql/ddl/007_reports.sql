-- Purpose: enterprise reports as accepted, and what became of every submitted file.
-- raw.enterprise_reports grain: one row per (file_sha256, row_number): every accepted report
-- row, superseded ones included (history); the latest per (organisationsnummer, rapportar) counts.
-- ops.report_files grain: one row per file per run that looked at it.
create table raw.enterprise_reports (
    file_sha256 varchar not null,
    row_number integer not null,      -- the row as the submitter sees it in their spreadsheet
    file_name varchar not null,
    received_at timestamptz not null, -- when the file arrived in the inbox (its modification time)
    organisationsnummer varchar not null,
    foretagsnamn varchar not null,
    kommunkod varchar not null,
    rapportar integer not null,
    juridisk_form varchar not null,
    anstallda_totalt integer not null,
    anstallda_malgrupp integer not null,
    deltagare integer not null,
    overgang_arbete integer not null,
    overgang_studier integer not null,
    omsattning_sek double not null,
    forsaljning_sek double not null,
    offentliga_avtal integer not null,
    reserverade_avtal integer not null,
    is_sample boolean not null,
    run_id varchar not null,
    loaded_at timestamptz not null,
    primary key (file_sha256, row_number)
);

create table ops.report_files (
    run_id varchar not null,
    file_name varchar not null,       -- as stored: odd characters replaced
    original_name varchar not null,   -- as it arrived in the inbox
    sha256 varchar,
    size_bytes bigint not null,
    received_at timestamptz not null,
    file_format varchar,              -- csv | xlsx | json | NULL when unreadable
    decision varchar not null,        -- accepted | rejected | duplicate | deferred
    report_rows integer not null,
    errors integer not null,
    warnings integer not null,
    superseded integer not null,      -- rows that replaced an earlier report for the same enterprise and year
    stored_path varchar,              -- where the file went (relative to the warehouse folder)
    feedback_path varchar,            -- the Swedish/English feedback report
    decided_at timestamptz not null
);

create table mart.enterprises (
    organisationsnummer varchar not null,
    foretagsnamn varchar not null,
    juridisk_form varchar not null,
    kommunkod varchar not null,
    valid_from_year integer not null,
    valid_to_year integer,            -- NULL: still valid (the latest report)
    primary key (organisationsnummer, valid_from_year)
);
