"""Seeds and SQL models: sql/seeds → staging.seed_*, then sql/staging and sql/marts in a fixed order."""

import csv
import hashlib
from pathlib import Path

import duckdb
import pandas as pd

from asfetl import __version__, geography, sources

from asfetl.indicators import disclosure
from asfetl.paths import sql_dir

# The explicit run order. Staging and restricted models become tables in their schema; mart
# models fill the tables their migration defined (typed, keyed), so a model that breaks the grain
# fails loudly; python/ steps are functions (disclosure control is clearer in Python than SQL).
MODELS = [
    "staging/stg_scb__population",
    "staging/stg_kolada__kpi_values",
    "staging/stg_reports__enterprise_reports",
    "staging/int_reports__current_reports",
    "staging/int_reports__report_areas",
    "staging/stg_seeds__plan_activities",
    "staging/stg_reports__activity_reports",
    "staging/int_reports__current_activity_reports",
    "staging/int_reports__activity_indicators",
    "marts/enterprises",
    "restricted/asf_cells",
    "python/protect_asf_cells",
    "marts/indicators",
    "marts/indicator_values",
    "marts/activity_follow_ups",
    "marts/plan_activities",
    "marts/plan_progress",
    "marts/value_lineage",
    "marts/source_freshness",
]


# Rebuilt on every run, even when nothing else changed: when each source was last checked.
ALWAYS = ["marts/source_freshness"]


def inputs_fingerprint(region: str, first_year: int) -> str:
    """What the models are a function of, besides the raw tables: the SQL, the seeds, the Python
    steps, the areas, the settings that choose rows, and the asfetl version."""
    digest = hashlib.sha256(f"{__version__}|{region}|{first_year}".encode())
    files = sorted(sql_dir().rglob("*.sql")) + sorted((sql_dir() / "seeds").glob("*.csv"))
    files += sources.seed_files()  # the seeds a source keeps in its folder
    files += [Path(disclosure.__file__), Path(__file__), geography.AREAS_CSV]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def last_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "select inputs_sha256 from ops.transform_state order by transformed_at desc limit 1"
    ).fetchone()
    return row[0] if row else None


def record_fingerprint(con: duckdb.DuckDBPyConnection, fingerprint: str, run_id: str) -> None:
    con.execute(
        "insert or replace into ops.transform_state values (?, ?, now())", [run_id, fingerprint]
    )


def load_seeds(con: duckdb.DuckDBPyConnection, region: str) -> dict[str, int]:
    """Reference data: every CSV in sql/seeds and those the sources declare, and the areas the
    run covers."""
    counts = {}
    seeds = [*(sql_dir() / "seeds").glob("*.csv"), *sources.seed_files()]
    for path in sorted(seeds, key=lambda p: p.name):
        with path.open(encoding="utf-8", newline="") as f:
            frame = pd.DataFrame(list(csv.DictReader(f)), dtype="string")
        counts[f"staging.seed_{path.stem}"] = _replace_table(con, f"seed_{path.stem}", frame)
    areas = pd.DataFrame([vars(a) for a in geography.region_areas(region)], dtype="string").rename(
        columns={"code": "area_code", "name": "area_name", "level": "area_level"}
    )
    counts["staging.seed_areas"] = _replace_table(con, "seed_areas", areas)
    return counts


def _replace_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> int:
    con.register("seed_frame", frame)
    try:
        con.execute(f"create or replace table staging.{name} as select * from seed_frame")
    finally:
        con.unregister("seed_frame")
    return len(frame)


PYTHON_STEPS = {"protect_asf_cells": disclosure.protect_table}


def model_sql(model: str) -> str:
    return (sql_dir() / f"{model}.sql").read_text(encoding="utf-8")


def run_models(con: duckdb.DuckDBPyConnection, models: list[str] = MODELS) -> dict[str, int]:
    """Build every model in order inside one transaction; return the row count of each table."""
    counts = {}
    con.execute("begin transaction")
    try:
        for model in models:
            layer, name = Path(model).parts
            sql = model_sql(model) if layer != "python" else ""
            if layer == "python":
                counts[model] = PYTHON_STEPS[name](con)
                continue
            if layer in ("staging", "restricted"):
                con.execute(f"create or replace table {layer}.{name} as {sql}")
                table = f"{layer}.{name}"
            else:
                table = f"mart.{name}"
                con.execute(f"delete from {table}")
                con.execute(f"insert into {table} by name {sql}")
            counts[table] = con.execute(f"select count(*) from {table}").fetchone()[0]
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return counts
