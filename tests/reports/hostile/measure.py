"""Run `asfetl reports check` in a child process: its exit code, output, wall time and peak memory."""

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]


@dataclass
class Checked:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


def check_in_child(*files: Path, env: dict[str, str] | None = None) -> Checked:
    """`asfetl reports check FILE…` as a user runs it; peak memory is that child's own ru_maxrss
    (os.wait4 on its pid, so earlier children never blur the figure)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASFETL_")}
    environment |= {"ASFETL_WAREHOUSE": str(Path(files[0]).parent / "none" / "asf.duckdb"),
                    "PYTHONPATH": str(PROJECT), **(env or {})}  # fmt: skip
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "asfetl.cli", "reports", "check", "--lang", "en",
             *map(str, files)],
            stdout=subprocess.PIPE, stderr=err, env=environment, cwd=PROJECT,
        )  # fmt: skip
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = code = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        err.seek(0)
        return Checked(code, out.decode(), err.read().decode(), seconds, usage.ru_maxrss / 1024)
