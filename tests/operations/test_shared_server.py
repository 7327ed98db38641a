"""The local Prefect server hand runs share (flows/shared_server.py): the first run starts it,
the next reuses it, and it stops once idle for ASFETL_LOCAL_SERVER_IDLE seconds, also after a run
was killed with kill -9. Real processes, a PREFECT_HOME of the test's own."""

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import ASFETL, cli_env
from tests.operations.test_local_server import alive

IDLE = 6


def hand_run(tmp_path: Path, home: Path, *args: str) -> subprocess.Popen:
    env = cli_env(PREFECT_HOME=str(home), ASFETL_WAREHOUSE=str(tmp_path / "sample.duckdb"),
                  ASFETL_LOCAL_SERVER_IDLE=str(IDLE))  # fmt: skip
    env.pop("PREFECT_API_URL", None)  # by hand, on a machine with no server configured
    return subprocess.Popen([*ASFETL, "run", "--sample", *args], env=env, cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip


def prefect_line(output: str) -> tuple[str, str]:
    found = re.search(r"  prefect +\d+\.\d\d s  (\S+) \((started|running)\)", output)
    assert found, output
    return found[1], found[2]


def gone_within(pid: int, seconds: float) -> float:
    started = time.monotonic()
    while alive(pid):
        assert time.monotonic() - started < seconds, f"server {pid} still running"
        time.sleep(0.2)
    return time.monotonic() - started


def test_the_first_run_starts_it_the_next_reuses_it_and_it_stops_when_idle(tmp_path, prefect_home):
    home = prefect_home  # its database migrated already, as after an earlier hand run
    first = hand_run(tmp_path, home, "-v")  # -v: Prefect's lines say which server it used
    out1 = first.communicate(timeout=300)[0]
    assert first.returncode == 0, out1
    api, how = prefect_line(out1)
    assert how == "started"
    address = json.loads((home / "asfetl-server.json").read_text(encoding="utf-8"))
    assert address["api"] == api and alive(address["pid"])

    second = hand_run(tmp_path, home, "-v")
    out2 = second.communicate(timeout=300)[0]
    assert second.returncode == 0, out2
    assert prefect_line(out2) == (api, "running")  # the same server, not started again
    ended = time.monotonic()

    gone_within(address["pid"], IDLE + 10)
    assert time.monotonic() - ended >= IDLE - 1.5  # it waited for the idle time first
    assert not (home / "asfetl-server.json").exists()
    assert "Uvicorn running" not in out1 + out2  # the server's banner went to its log
    for output in (out1, out2):  # both runs are recorded on the shared server, no other
        assert "Starting temporary server" not in output, output
        assert f"View at {api.removesuffix('/api')}/runs/flow-run/" in output, output


def test_a_run_killed_with_kill_nine_does_not_keep_the_server_past_its_idle_time(
    tmp_path, prefect_home
):
    home = prefect_home
    run = hand_run(tmp_path, home)
    assert run.stdout is not None
    for line in run.stdout:  # until the server answers and the flow is on its way
        if "  prefect " in line:
            break
    address = json.loads((home / "asfetl-server.json").read_text(encoding="utf-8"))
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    killed = time.monotonic()
    waited = gone_within(address["pid"], IDLE + 10)
    assert waited >= IDLE - 1.5, waited  # the kernel dropped the run's share; then idle time
    assert time.monotonic() - killed <= IDLE + 10
