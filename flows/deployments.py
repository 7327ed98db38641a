"""Deploying and serving the deployments of prefect.yaml: `asfetl deploy` and `asfetl serve`.

prefect.yaml is the one list of deployments and schedules. `deploy` registers it with a running
Prefect server for workers of the `asfetl` process pool; `serve` runs the same deployments from
this one process (no pool, no worker) for a one-machine setup.
"""

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import requests
import yaml

from asfetl.errors import SettingsError
from flows import regions

PROJECT_DIR = Path(__file__).resolve().parent.parent
PREFECT_FILE = PROJECT_DIR / "prefect.yaml"
SERVER_HINT = (
    "start one with `prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api "
    "(docs/operators.md: Run on a schedule)"
)


def deployment_specs(path: Path = PREFECT_FILE) -> list[dict[str, Any]]:
    if not path.is_file():
        raise SettingsError(
            f"{path} is missing: deploy from a checkout of asfetl, which has prefect.yaml."
        )
    return yaml.safe_load(path.read_text(encoding="utf-8"))["deployments"]


def pool_names(path: Path = PREFECT_FILE) -> set[str]:
    return {spec["work_pool"]["name"] for spec in deployment_specs(path)}


def api_url() -> str:
    """The Prefect server's API, checked to answer; one sentence if there is none."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        raise SettingsError(f"No Prefect server is configured: {SERVER_HINT}.")
    try:
        requests.get(f"{url.rstrip('/')}/health", timeout=10).raise_for_status()
    except requests.RequestException:
        raise SettingsError(
            f"The Prefect server at PREFECT_API_URL={url} does not answer: {SERVER_HINT}."
        ) from None
    return url


async def _missing_pools(names: set[str]) -> list[str]:
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    missing = []
    async with get_client() as client:
        for name in sorted(names):
            try:
                await client.read_work_pool(name)
            except ObjectNotFound:
                missing.append(name)
    return missing


def _prefect(*args: str) -> None:
    """Run the `prefect` command of this environment; its output goes to the user."""
    command = [sys.executable, "-m", "prefect", "--no-prompt", *args]
    result = subprocess.run(command, cwd=PROJECT_DIR, env=os.environ.copy(), check=False)
    if result.returncode != 0:
        raise SettingsError(f"`prefect {' '.join(args)}` failed (exit {result.returncode}).")


async def _limit_region_queues(pool: str, codes: list[str]) -> None:
    """Each region's work queue in `pool`, created if missing, limited to one run at a time."""
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    async with get_client() as client:
        for code in codes:
            name = regions.queue_name(code)
            try:
                queue = await client.read_work_queue_by_name(name, work_pool_name=pool)
            except ObjectNotFound:
                await client.create_work_queue(
                    name,
                    description=f"The runs of {regions.region_name(code)}, one at a time.",
                    concurrency_limit=regions.REGION_LIMIT,
                    work_pool_name=pool,
                )
                continue
            if queue.concurrency_limit != regions.REGION_LIMIT:
                await client.update_work_queue(queue.id, concurrency_limit=regions.REGION_LIMIT)


def _write_prefect_file(specs: list[dict[str, Any]], folder: Path) -> Path:
    """A prefect.yaml holding `specs`: what `prefect deploy` registers for several regions."""
    project = yaml.safe_load(PREFECT_FILE.read_text(encoding="utf-8"))
    project.pop("definitions", None)  # the anchors are resolved in the specs already
    project["deployments"] = specs
    path = folder / "prefect.yaml"
    path.write_text(yaml.safe_dump(project, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def deploy(codes: list[str] | None = None, regions_dir: Path | None = None) -> list[str]:
    """Create the work pool if it is missing, then register every deployment of prefect.yaml;
    with `codes`, once per region (flows/regions.py), each region in its own limited queue."""
    specs = deployment_specs()
    api_url()
    for pool in asyncio.run(_missing_pools(pool_names())):
        _prefect("work-pool", "create", pool, "--type", "process")
    if not codes:
        _prefect("deploy", "--all", "--prefect-file", str(PREFECT_FILE))
        return [f"asf_pipeline/{spec['name']}" for spec in specs]
    folder = (regions_dir or PROJECT_DIR / "warehouse" / "regions").resolve()
    specs = regions.region_specs(specs, codes, folder)
    regions.prepare_folders(folder, codes)
    for pool in pool_names():
        asyncio.run(_limit_region_queues(pool, codes))
    with tempfile.TemporaryDirectory(prefix="asfetl-deploy-") as tmp:
        _prefect("deploy", "--all", "--prefect-file", str(_write_prefect_file(specs, Path(tmp))))
    return [f"asf_pipeline/{spec['name']}" for spec in specs]


def runner_deployments(path: Path = PREFECT_FILE) -> list[Any]:
    """prefect.yaml's deployments as deployments this process can serve (the same schedules)."""
    from prefect.schedules import Cron

    from flows.asf_pipeline import asf_pipeline

    deployments = []
    for spec in deployment_specs(path):
        env = spec["work_pool"].get("job_variables", {}).get("env", {})
        if "ASFETL_WAREHOUSE" in env:
            continue  # needs its own environment (the sample): only a worker can give it one
        schedules = [
            Cron(s["cron"], timezone=s["timezone"], active=s.get("active", True))
            for s in spec.get("schedules") or []
        ]
        deployments.append(
            asf_pipeline.to_deployment(
                name=spec["name"],
                description=spec.get("description"),
                tags=spec.get("tags"),
                parameters=spec.get("parameters") or {},
                schedules=schedules,
            )
        )
    return deployments


def serve() -> None:
    """Serve every deployment from this process, one run at a time, until interrupted."""
    from prefect import serve as prefect_serve

    deployments = runner_deployments()
    api_url()
    prefect_serve(*deployments, limit=1)
