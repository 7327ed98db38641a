"""Run one measured thing in a subprocess: its wall time and peak memory, and what it reports.

Peak memory is the child's own ru_maxrss as `os.wait4` returns it for that one child (the largest
resident set of the child or of any descendant it waited for), so several children never blur
into each other as RUSAGE_CHILDREN deltas do.
"""

import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULT_PREFIX = "BENCH_RESULT "  # a child's own measurements: one JSON line on stdout


class BenchError(RuntimeError):
    """A measured command failed; the message says which and shows the end of its output."""


@dataclass
class Measurement:
    wall_s: float
    peak_mib: float
    returncode: int
    stdout: str
    stderr: str
    reported: dict[str, Any] = field(default_factory=dict)
    first_line_s: float | None = None  # when its first line of output arrived (timed runs)


def clean_env(prefect_home: Path | None = None, **extra: str) -> dict[str, str]:
    """The caller's environment without ASFETL_* or Prefect server settings, offline, quiet.

    Without PREFECT_API_URL a flow starts Prefect's temporary local server, as `asfetl run` does
    on a machine with no server configured.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ASFETL_") and k not in ("PREFECT_API_URL", "PREFECT_HOME")
    }
    env.update(
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        GX_ANALYTICS_ENABLED="false",
        TQDM_DISABLE="1",
        PYTHONPATH=str(PROJECT),
        # Prefect's temporary server gives up after 20 s: on a shared machine the floor's own
        # start took longer and the scenario could not be measured at all
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
    )
    if prefect_home is not None:
        env["PREFECT_HOME"] = str(prefect_home)
    env.update(extra)
    return env


def fresh_prefect_home(root: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix="prefect-home-", dir=root))


def run_measured(
    cmd: Sequence[str], *, env: dict[str, str], cwd: Path, timeout: float = 900
) -> Measurement:
    """Run cmd to its end; raise BenchError if it fails or outlives `timeout` seconds. Also
    times its first line of output (read from a pipe as a terminal would show it)."""
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err, text=True,
            start_new_session=True,
        )  # fmt: skip
        lines: list[str] = []
        first: list[float] = []

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                if not first:
                    first.append(time.perf_counter() - started)
                lines.append(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        timer = threading.Timer(timeout, _kill_group, [proc.pid])
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        reader.join(timeout=10)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stdout, stderr = "".join(lines), err.read()
    # ru_maxrss is in KiB on Linux.
    measured = Measurement(wall, usage.ru_maxrss / 1024, proc.returncode, stdout, stderr,
                           first_line_s=first[0] if first else None)  # fmt: skip
    if proc.returncode != 0:
        tail = "\n".join((stdout + stderr).strip().splitlines()[-15:])
        raise BenchError(f"{' '.join(cmd)} exited {proc.returncode}:\n{tail}")
    for line in stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            measured.reported = json.loads(line.removeprefix(RESULT_PREFIX))
    return measured


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)  # the session start_new_session gave this child


def report(result: dict[str, Any]) -> None:
    """Called in a child: hand its own measurements to the parent."""
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def child_peak_mib() -> float:
    """This process's own peak resident set so far (for a child that reports phases)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), linear between the closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
