"""Several regions side by side: prefect.yaml's deployments once per region, each region with its
own warehouse file, inbox and plan, and its own work queue whose limit of 1 keeps its runs apart.

A region's folder, `<regions dir>/<code>/`, holds everything its runs write: `asf.duckdb` (the
published file, with the private working file `asf.work.duckdb`, `landing/`, `runs/`, `exports/`
beside it) and `inbox/`; a `plan/` folder there, when present, is
that region's own action plan (ASFETL_PLAN_DIR). Settings shared by all regions (the APIs, the
webhook, the budgets) stay in the workers' environment or asfetl.toml.

Runs of one region never overlap: its deployments share the work queue `region-<code>`, whose
concurrency limit is 1, so Prefect hands a worker the next run of a region only once the last one
has ended; the warehouse's writer lock stays underneath as the guarantee. Runs of different
regions run at once on whichever workers are free, and each writes only its own folder.
"""

import copy
from pathlib import Path
from typing import Any

from asfetl import geography
from asfetl.errors import SettingsError

QUEUE_PREFIX = "region-"
REGION_LIMIT = 1  # runs of one region at a time (its work queue's concurrency limit)
NOT_PER_REGION = {"sample"}  # the sample data covers one county: it stays a single deployment


def region_code(given: str) -> str:
    """A county code as given on the command line (`18`, `1`, `Örebro län`) → `18`."""
    text = str(given).strip()
    code = text.zfill(2) if text.isdigit() else None
    if code and geography.is_county_code(code):
        return code
    for county in geography.counties():
        if county.name.casefold() == text.casefold():
            return county.code
    known = ", ".join(c.code for c in geography.counties())
    raise SettingsError(f"--region {given!r} is not a Swedish county; use one of {known}.")


def region_name(code: str) -> str:
    return geography.area(code).name


def queue_name(code: str) -> str:
    return f"{QUEUE_PREFIX}{code}"


def region_folder(regions_dir: Path, code: str) -> Path:
    return regions_dir / code


def region_environment(regions_dir: Path, code: str) -> dict[str, str]:
    """The settings that make a run one region's: its county, warehouse, inbox and plan."""
    folder = region_folder(regions_dir.resolve(), code)
    env = {
        "ASFETL_REGION": code,
        "ASFETL_WAREHOUSE": str(folder / "asf.duckdb"),
        "ASFETL_INBOX": str(folder / "inbox"),
    }
    if (folder / "plan").is_dir():
        env["ASFETL_PLAN_DIR"] = str(folder / "plan")
    return env


def region_specs(
    specs: list[dict[str, Any]], codes: list[str], regions_dir: Path
) -> list[dict[str, Any]]:
    """prefect.yaml's deployments, once per region: named `<name>-<code>`, tagged with the
    region, in the region's work queue, with the region's settings in the run's environment."""
    per_region = []
    for code in codes:
        region_env = region_environment(regions_dir, code)
        for spec in specs:
            if spec["name"] in NOT_PER_REGION:
                continue
            copied = copy.deepcopy(spec)
            copied["name"] = f"{spec['name']}-{code}"
            copied["tags"] = [*(spec.get("tags") or []), queue_name(code)]
            copied["description"] = f"{region_name(code)}: {spec.get('description') or ''}".strip()
            pool = copied["work_pool"]
            pool["work_queue_name"] = queue_name(code)
            job = pool.setdefault("job_variables", {})
            job["env"] = {**(job.get("env") or {}), **region_env}
            per_region.append(copied)
    return per_region


def prepare_folders(regions_dir: Path, codes: list[str]) -> None:
    """Create each region's folder and inbox, so that submitters have somewhere to put files."""
    for code in codes:
        (region_folder(regions_dir, code) / "inbox").mkdir(parents=True, exist_ok=True)
