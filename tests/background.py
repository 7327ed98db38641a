"""Background processes for tests that need real servers: a Prefect server, workers, PostgreSQL.

Each process runs in its own process group; `background` stops every one of them, and every
process they started (also those in sessions of their own), when the block ends, failed or not.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import requests

PREFECT = [sys.executable, "-m", "prefect"]
FINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processes:
    """Background processes, each in its own process group; `stop_all` ends every one of them,
    and every process they started, even those in sessions of their own (the process worker
    starts each flow run in a new session)."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.started: list[subprocess.Popen] = []

    def start(
        self, name: str, args: list[str], env: dict[str, str], cwd: Path | None = None
    ) -> subprocess.Popen:
        with (self.logs / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                args,
                env=env,
                cwd=cwd or self.logs,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, with its children (uvicorn)
            )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        ours = {p.pid for p in self.started}
        groups = ours | {_group_of(pid) for pid in descendants(ours)}
        groups -= {None, os.getpgrp()}  # never the test's own group
        for group in groups:
            _signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.started:
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for group in groups:
            _signal_group(group, signal.SIGKILL)  # whatever is left
        for process in self.started:
            process.wait(timeout=10)

    def tails(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted(self.logs.glob("*.log"))
        )


def descendants(roots: set[int]) -> set[int]:
    """Every process below `roots`, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), list(roots)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _signal_group(group: int, sig: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(group, sig)


@contextmanager
def background(logs: Path) -> Iterator[Processes]:
    processes = Processes(logs)
    try:
        yield processes
    finally:
        processes.stop_all()


def run(args: list[str], env: dict[str, str], deadline: float, cwd: Path) -> str:
    result = subprocess.run(
        args,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=max(5.0, deadline - time.monotonic()),
    )
    assert result.returncode == 0, (
        f"{args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout + result.stderr


def wait_until(check, deadline: float, what: str, interval: float = 0.5):
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def healthy(api: str) -> bool:
    try:
        return requests.get(f"{api}/health", timeout=2).ok
    except requests.RequestException:
        return False


def flow_run_state(api: str, flow_run_id: str) -> str | None:
    state = requests.get(f"{api}/flow_runs/{flow_run_id}", timeout=10).json().get("state") or {}
    return state.get("type") if state.get("type") in FINAL_STATES else None


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for its (dead) parent to be reaped by init."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def prefect_env(base: dict[str, str], home: Path, api: str) -> dict[str, str]:
    """`base` made a quiet, offline client of the Prefect server at `api`, with its own home."""
    return {
        **base,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_CLI_WRAP_LINES": "false",
    }


def start_worker(
    processes: Processes, name: str, folder: Path, env: dict[str, str], limit: int
) -> subprocess.Popen:
    """A process worker of the pool `asfetl` taking `limit` runs at a time, in `folder` (its
    working folder, with its own PREFECT_HOME inside)."""
    folder.mkdir(parents=True, exist_ok=True)
    return processes.start(
        name,
        [*PREFECT, "worker", "start", "--pool", "asfetl", "--type", "process",
         "--name", name, "--limit", str(limit)],
        {**env, "PREFECT_HOME": str(folder / "prefect-home")},
        cwd=folder,
    )  # fmt: skip
