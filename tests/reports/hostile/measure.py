"""Run `asfetl reports check` in a child process: its exit code, output, wall time and peak memory."""

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
PEAK = "\nPEAK_KIB "
WRAPPER = f"""
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)
sys.stdout.write(done.stdout.decode())
sys.stdout.write({PEAK!r} + str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(done.returncode)
"""


@dataclass
class Checked:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


def check_in_child(*files: Path, env: dict[str, str] | None = None) -> Checked:
    """`asfetl reports check FILE…` as a user runs it. Its peak memory is measured by a small
    wrapper process: RUSAGE_CHILDREN there counts only the command, which is forked from the
    wrapper (a child forked from pytest would start with pytest's own peak)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASFETL_")}
    environment |= {"ASFETL_WAREHOUSE": str(Path(files[0]).parent / "none" / "asf.duckdb"),
                    "PYTHONPATH": str(PROJECT), **(env or {})}  # fmt: skip
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        command = [sys.executable, "-m", "asfetl.cli", "reports", "check", "--lang", "en",
                   *map(str, files)]  # fmt: skip
        child = subprocess.run(
            [sys.executable, "-c", WRAPPER, *command],
            stdout=subprocess.PIPE, stderr=err, env=environment, cwd=PROJECT, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        out, _, peak = child.stdout.decode().rpartition(PEAK)
        err.seek(0)
        return Checked(child.returncode, out, err.read().decode(), seconds, int(peak) / 1024)
