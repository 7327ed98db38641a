"""Helpers for tests that run the pipeline (without Prefect) in this process or in another one."""

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from asfetl.paths import sample_data_dir
from tests.conftest import cli_env

SAMPLE_POPULATION = sample_data_dir() / "scb" / "TAB638_population.json"


def revised_sample(folder: Path, factor: float = 1.01, region_code: str | None = None) -> Path:
    """A copy of the sample data folder with every TAB638 population value scaled (a 'revision'),
    or with its last region code replaced by `region_code` (a payload that fails validation)."""
    doc = json.loads(SAMPLE_POPULATION.read_text(encoding="utf-8"))
    doc["value"] = [round(v * factor) for v in doc["value"]]
    if region_code:
        region = doc["dimension"]["Region"]["category"]
        last = list(region["index"])[-1]
        region["index"][region_code] = region["index"].pop(last)
        region["label"][region_code] = region["label"].pop(last)
    shutil.copytree(sample_data_dir(), folder, dirs_exist_ok=True)
    target = folder / "scb" / SAMPLE_POPULATION.name
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


def start_run(
    warehouse: Path,
    *,
    sample_dir: Path | None = None,
    before_load_sleep: float = 0,
    lock_timeout: float = 60,
    marker: Path | None = None,
) -> subprocess.Popen:
    """Start `run_pipeline(sample=True)` in a new Python process; optionally slow down its load."""
    code = textwrap.dedent(
        f"""
        import sys, time, pathlib
        from asfetl.operations import pipeline
        from asfetl import paths
        from asfetl.errors import AsfetlError
        from asfetl.settings import load_settings
        sample_dir = {str(sample_dir) if sample_dir else None!r}
        if sample_dir:
            paths.sample_data_dir = lambda: pathlib.Path(sample_dir)
        original_load = pipeline.load
        def slow_load(ctx, valid):
            if {str(marker) if marker else None!r}:
                pathlib.Path({str(marker) if marker else ""!r}).write_text("loading")
            time.sleep({before_load_sleep})
            return original_load(ctx, valid)
        pipeline.load = slow_load
        settings = load_settings(warehouse={str(warehouse)!r}, lock_timeout={lock_timeout})
        try:
            run = pipeline.run_pipeline(settings, sample=True)
        except AsfetlError as exc:
            print(exc, file=sys.stderr)
            sys.exit(3)
        print(run.run_id, run.status)
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def working(settings_or_path) -> str:
    """The private working file beside a published warehouse (raw, staging, intermediate,
    restricted and the run state live there, never in the published file)."""
    from asfetl.warehouse.publish import working_path

    path = getattr(settings_or_path, "warehouse", settings_or_path)
    return str(working_path(Path(path)))


def snapshot(path: Path) -> tuple:
    """What a reader sees: runs recorded, population rows and their sum."""
    with duckdb.connect(str(path), read_only=True) as con:
        return read_state(con)


def read_state(con: duckdb.DuckDBPyConnection) -> tuple:
    return con.execute(
        """
        select (select count(*) from ops.runs),  -- population rows: 14 areas × 2015–2025
               count(*), sum(value)
        from mart.indicator_values where indicator_id = 'population'
        """
    ).fetchone()
