"""Raw payloads as fetched, landed losslessly on disk and recorded in raw.payloads."""

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from asfetl.payload import Payload


@dataclass(frozen=True)
class LandedPayload:
    payload: Payload
    payload_id: str
    path: Path  # relative to the warehouse folder
    unchanged: bool  # same bytes as the last payload for this request: nothing to parse or load


def _last_loaded_sha256(con: duckdb.DuckDBPyConnection, request_key: str) -> str | None:
    """The last payload for this request whose rows made it into raw (not one that was rejected)."""
    row = con.execute(
        """select sha256 from raw.payloads where request_key = ? and loaded
           order by fetched_at desc limit 1""",
        [request_key],
    ).fetchone()
    return row[0] if row else None


def mark_loaded(con: duckdb.DuckDBPyConnection, payload_id: str) -> None:
    con.execute("update raw.payloads set loaded = true where payload_id = ?", [payload_id])


def land(
    con: duckdb.DuckDBPyConnection, payload: Payload, warehouse_dir: Path, run_id: str
) -> LandedPayload:
    """Write the payload under landing/ (content-addressed, so re-landing is harmless) and record it."""
    relative = Path("landing", payload.source, payload.dataset, f"{payload.sha256}.json")
    target = warehouse_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(payload.content)
        partial.replace(target)  # never a half-written file under its final name
    unchanged = _last_loaded_sha256(con, payload.request_key) == payload.sha256
    payload_id = f"{run_id}:{payload.request_key}"
    con.execute(
        """
        insert or replace into raw.payloads
            (payload_id, run_id, source, dataset, request_key, method, url, request_body,
             fetched_at, sha256, size_bytes, landed_path, unchanged, is_sample, loaded)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            payload_id,
            run_id,
            payload.source,
            payload.dataset,
            payload.request_key,
            payload.method,
            payload.url,
            json.dumps(payload.body) if payload.body is not None else None,
            payload.fetched_at,
            payload.sha256,
            len(payload.content),
            relative.as_posix(),
            unchanged,
            payload.is_sample,
            unchanged,  # an unchanged payload's rows are already loaded
        ],
    )
    return LandedPayload(payload, payload_id, relative, unchanged)
