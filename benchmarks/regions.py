"""Scenario 7: many regions through one Prefect server and its work pool.

All 21 counties deployed with `asfetl deploy --region …` on a Prefect server backed by
PostgreSQL; each county's `open-statistics-<code>` run started at once (against the imitations),
through one worker and then two (each taking one run at a time). The baseline is one region's
run alone through the same pool. Then the same 21 runs with two workers on a server backed by
SQLite, to compare the server's own cost per run: the CPU time of the server's processes (and
PostgreSQL's) while the runs went through, divided by the number of runs.

Each batch starts from empty region folders, so every run fetches, loads and publishes.
"""

import os
import shutil
import signal
import statistics
import subprocess
import time
from contextlib import ExitStack, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any

from asfetl import geography
from benchmarks.measure import PYTHON, BenchError, clean_env
from benchmarks.results import Config, Row
from tests.background import (
    PREFECT,
    Processes,
    background,
    descendants,
    free_port,
    healthy,
    start_worker,
    wait_until,
)
from tests.background import run as run_command
from tests.imitation import KoladaImitation, ScbImitation
from tests.postgres import postgres

SCENARIO = "7 regions"
TICKS = 100  # os.sysconf("SC_CLK_TCK") on Linux
BATCH_SECONDS = 1800
MIN_SPEEDUP = 1.25  # two workers on 2 cores, with the server and the imitations beside them


def _cpu_seconds(root: int) -> float:
    """CPU time of `root` and every process below it, including children already waited for."""
    total = 0
    for pid in {root, *descendants({root})}:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        total += int(fields[13]) + int(fields[14])  # cutime, cstime: its exited children
    return total / TICKS


def _postmaster(folder: Path) -> int | None:
    pid_file = folder / "data" / "postmaster.pid"
    return int(pid_file.read_text().split()[0]) if pid_file.exists() else None


@contextmanager
def _server(work: Path, backend: str, codes: list[str], env: dict[str, str]):
    """A Prefect server on `backend`, the regions deployed; yields (api, cpu probe)."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**env, "PREFECT_API_URL": api, "PREFECT_HOME": str(work / "server-home")}
    with ExitStack() as stack:
        pg = stack.enter_context(
            postgres(free_port()) if backend == "postgresql" else nullcontext()
        )
        server_env = dict(env)
        if pg:
            server_env["PREFECT_API_DATABASE_CONNECTION_URL"] = pg.prefect_url
        processes = stack.enter_context(background(work))
        server = processes.start(
            f"server-{backend}",
            [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            server_env,
        )
        deadline = time.monotonic() + 300
        wait_until(lambda: healthy(api), deadline, f"the Prefect server on {backend}")
        region_args = [a for code in codes for a in ("--region", code)]
        run_command(
            [PYTHON, "-m", "asfetl.cli", "deploy", *region_args,
             "--regions-dir", str(work / "regions")],
            env, deadline, work,
        )  # fmt: skip

        def cpu() -> float:
            spent = _cpu_seconds(server.pid)
            master = _postmaster(pg.folder) if pg else None
            return spent + (_cpu_seconds(master) if master else 0.0)

        yield api, env, processes, cpu


def _wipe(regions: Path, codes: list[str]) -> None:
    for code in codes:
        folder = regions / code
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "inbox").mkdir(parents=True)


def _batch(api: str, deployments: list[str]) -> float:
    """Start every deployment's run at once; the wall time until the last one completed.

    Through Prefect's own client, which retries what a busy server answers (503 while SQLite is
    locked, 429); an answer that still starts no run stops the scenario with the server's words.
    """
    from prefect.client.orchestration import SyncPrefectClient

    started = time.monotonic()
    with SyncPrefectClient(api) as client:
        ids = [_start_run(client, name) for name in deployments]
        deadline = started + BATCH_SECONDS
        for run_id in ids:
            state = wait_until(
                lambda run_id=run_id: _final_state(client, run_id), deadline, f"run {run_id}", 1
            )
            if state != "COMPLETED":
                raise RuntimeError(f"a region's run ended {state}")
    return time.monotonic() - started


def _start_run(client: Any, name: str) -> Any:
    """A run of deployment asf_pipeline/`name`; BenchError with the server's answer if refused."""
    import httpx

    try:
        deployment = client.read_deployment_by_name(f"asf_pipeline/{name}")
        return client.create_flow_run_from_deployment(deployment.id).id
    except httpx.HTTPStatusError as exc:
        answer = exc.response.text.strip()[:500]
        raise BenchError(
            f"the server would not start a run of {name}: HTTP {exc.response.status_code} {answer}"
        ) from None
    except httpx.HTTPError as exc:
        raise BenchError(f"the server would not start a run of {name}: {exc}") from None


def _final_state(client: Any, run_id: Any) -> str | None:
    state = client.read_flow_run(run_id).state
    kind = state.type.value if state else None
    return kind if kind in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} else None


@contextmanager
def _pool(processes: Processes, work: Path, env: dict[str, str], count: int):
    """`count` process workers of the pool, each taking one run at a time, in folders of their own."""
    started = []
    for i in range(count):
        name = f"worker-{count}-{i}"
        started.append(start_worker(processes, name, work / name, env, limit=1))
    try:
        yield
    finally:
        for worker in started:
            worker.terminate()
        for worker in started:
            _stopped(worker)


def _stopped(worker: subprocess.Popen) -> None:
    """A worker that has not ended 20 s after SIGTERM is killed with its process group: its runs
    are over (each batch waits for their final states), and Prefect's process worker can wait
    longer than that for its own shutdown."""
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def _measure(
    work: Path, backend: str, codes: list[str], env: dict[str, str], worker_counts: tuple[int, ...]
) -> dict[str, Any]:
    """On a server on `backend`: one region alone (1 worker), then every region's run at once
    through each number of workers; the server's CPU per run and each warehouse's size."""
    folder = work / backend
    folder.mkdir()
    regions = folder / "regions"
    batch = [f"open-statistics-{code}" for code in codes]
    measured: dict[str, Any] = {"wall_s": {}, "server_cpu_per_run_s": {}}
    with _server(folder, backend, codes, env) as (api, server_env, processes, cpu):
        with _pool(processes, folder, server_env, 1):
            _wipe(regions, codes)
            measured["one_region_s"] = _batch(api, batch[:1])
        for count in worker_counts:
            with _pool(processes, folder, server_env, count):
                _wipe(regions, codes)
                before = cpu()
                measured["wall_s"][count] = _batch(api, batch)
                measured["server_cpu_per_run_s"][count] = (cpu() - before) / len(codes)
        measured["warehouse_mib"] = {
            code: (regions / code / "asf.duckdb").stat().st_size / 2**20 for code in codes
        }
    return measured


def _rows(codes: list[str], pg: dict[str, Any], lite: dict[str, Any]) -> list[Row]:
    n, one = len(codes), pg["one_region_s"]
    serial, parallel = pg["wall_s"][1], pg["wall_s"][2]
    speedup = serial / parallel
    sizes = pg["warehouse_mib"]
    largest = max(sizes, key=sizes.get)
    cpu_pg, cpu_lite = pg["server_cpu_per_run_s"][2], lite["server_cpu_per_run_s"][2]
    return [
        Row(SCENARIO, "one region's run through the pool (baseline)", one, "s",
            note=f"open-statistics-{codes[0]}, 1 worker, PostgreSQL"),
        Row(SCENARIO, f"{n} regions at once, 1 worker", serial, "s", baseline=one,
            ratio=serial / one, note=f"{serial / n:.1f} s a region"),
        Row(SCENARIO, f"{n} regions at once, 2 workers", parallel, "s", baseline=one,
            ratio=parallel / one, target=f"≥ {MIN_SPEEDUP}× the speed of 1 worker",
            met=speedup >= MIN_SPEEDUP, note=f"{speedup:.2f}× the speed of 1 worker"),
        Row(SCENARIO, "a region's published warehouse", statistics.median(sizes.values()), "MiB",
            note=f"median of {n}; {min(sizes.values()):.1f}–{max(sizes.values()):.1f} MiB, "
                 f"largest {geography.area(largest).name}"),
        Row(SCENARIO, "server CPU per run, SQLite (baseline)", cpu_lite, "s",
            note=f"the Prefect server's processes; {lite['wall_s'][2]:.0f} s for {n} regions"),
        Row(SCENARIO, "server CPU per run, PostgreSQL", cpu_pg, "s", baseline=cpu_lite,
            ratio=cpu_pg / cpu_lite if cpu_lite else None,
            note="the Prefect server's processes and PostgreSQL's"),
    ]  # fmt: skip


def run(config: Config) -> tuple[list[Row], dict[str, Any]]:
    work = config.workdir / "regions"
    work.mkdir(parents=True, exist_ok=True)
    codes = ["18", "12", "01", "03"] if config.quick else [c.code for c in geography.counties()]
    codes.sort(key=lambda code: code != "18")  # the baseline region first
    with ScbImitation() as scb, KoladaImitation() as kolada:
        env = clean_env(
            ASFETL_SCB_BASE_URL=scb.url,
            ASFETL_KOLADA_BASE_URL=kolada.url,
            ASFETL_HTTP_GIVE_UP_AFTER="60",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_SERVER_UI_ENABLED="false",
            PREFECT_WORKER_QUERY_SECONDS="1",
            PREFECT_CLI_WRAP_LINES="false",
        )
        pg = _measure(work, "postgresql", codes, env, (1, 2))
        lite = _measure(work, "sqlite", codes, env, (2,))
    return _rows(codes, pg, lite), {"regions": codes, "postgresql": pg, "sqlite": lite}
