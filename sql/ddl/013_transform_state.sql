-- Purpose: what the models were last built from, so a run in which nothing changed upstream
-- (no rows loaded, no report accepted, same SQL, seeds and settings) rebuilds no mart rows.
-- Grain: one row per run that ran the models. Key: run_id.
create table ops.transform_state (
    run_id varchar primary key,
    inputs_sha256 varchar not null,   -- sql/ models and seeds, region, first year, asfetl version
    transformed_at timestamptz not null
);

comment on table ops.transform_state is 'Fingerprint of what each full model build was made from; a run with nothing new and the same fingerprint skips the data models. Grain: one row per run that built the models.';
