-- Purpose: what readers of the published file need of raw.payloads (when each request was
-- fetched, whether it changed, was loaded, was sample data) without its URLs, bodies or paths.
-- In the working file a view on raw.payloads; the published file holds it as a table
-- (asfetl/warehouse/published.py). Grain: one row per (run, request). Key: payload_id.
create view ops.payloads as
select payload_id, run_id, source, dataset, request_key, fetched_at, sha256, size_bytes,
       unchanged, is_sample, loaded
from raw.payloads;

comment on view ops.payloads is 'Every payload fetched from a publisher: when, whether it changed, whether its rows were loaded, and whether it was shipped sample data. Grain: one row per (run, request).';
