-- Purpose: every payload fetched from a publisher, landed on disk under landing/.
-- Grain: one row per (run, request). Key: payload_id. An unchanged payload (same sha256 as the
-- last loaded one for the same request) is recorded but not parsed or loaded again; a payload
-- that failed validation stays loaded = false, so the same bad payload is checked again.
create table raw.payloads (
    payload_id varchar primary key,
    run_id varchar not null,
    source varchar not null,          -- scb | kolada
    dataset varchar not null,         -- population | ...
    request_key varchar not null,     -- stable identity of the request, e.g. scb/TAB638/18
    method varchar not null,
    url varchar not null,
    request_body json,
    fetched_at timestamptz not null,
    sha256 varchar not null,
    size_bytes bigint not null,
    landed_path varchar not null,     -- relative to the warehouse folder
    unchanged boolean not null,
    is_sample boolean not null,       -- shipped sample data, not fetched from the publisher
    loaded boolean not null           -- its rows are in raw (false: rejected, or not yet loaded)
);
