-- Purpose: one entry of a value's lineage, the same shape in every model that lists what a value
-- was built from (built_from): an API payload or a submitted report file.
--   source_kind  payload | report_file
--   source_ref   raw.payloads.payload_id, or the report file's sha256
--   source_name  the landed payload's path, or the report file's name
--   received_at  when the payload was fetched or the file arrived
-- Read into mart.value_lineage, one row per entry.
create or replace temp macro lineage_source(source_kind, source_ref, source_name, received_at) as
    struct_pack(
        source_kind := cast(source_kind as varchar),
        source_ref := cast(source_ref as varchar),
        source_name := cast(source_name as varchar),
        received_at := cast(received_at as timestamptz)
    );
