"""Hand runs and Prefect's temporary server: two runs at once each get a port of their own, and
a run killed with kill -9 leaves no server behind."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from flows.local_server import free_port
from tests.conftest import ASFETL, cli_env


def server_children(parent: int) -> list[int]:
    """Pids of temporary Prefect servers whose parent is `parent`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"prefect.server.api.server:create_app" in cmdline:
            found.append(int(proc.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def hand_run(tmp_path: Path, name: str) -> subprocess.Popen:
    # a hand run with a temporary server of its own (the shared one: test_shared_server.py)
    env = cli_env(
        ASFETL_WAREHOUSE=str(tmp_path / name / "asf.duckdb"), ASFETL_LOCAL_SERVER_IDLE="0"
    )
    env.pop("PREFECT_API_URL", None)
    return subprocess.Popen(
        [*ASFETL, "run", "--sample", "-v"],  # -v: Prefect's lines name the server's port
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_ports_come_from_the_kernel_and_differ():
    assert len({free_port() for _ in range(20)}) > 1


def test_two_hand_runs_at_once_each_have_their_own_server(tmp_path):
    runs = [hand_run(tmp_path, "a"), hand_run(tmp_path, "b")]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    ports = set()
    for output in outputs:
        assert "Traceback" not in output and "already in use" not in output, output
        ports |= {
            line.rsplit(":", 1)[1] for line in output.splitlines() if "temporary server on" in line
        }
    assert len(ports) == 2  # "Starting … on" and "Stopping … on" name one port per run


def test_a_run_killed_with_kill_9_leaves_no_server_behind(tmp_path):
    run = hand_run(tmp_path, "killed")
    servers: list[int] = []
    deadline = time.monotonic() + 120
    while not servers and time.monotonic() < deadline and run.poll() is None:
        servers = server_children(run.pid)
        time.sleep(0.2)
    assert servers, "the run started no temporary server"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    run.stdout.close()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in servers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in servers if alive(pid)]
    for pid in left:  # don't leave it to the next test either
        os.kill(pid, signal.SIGKILL)
    assert not left, "the temporary server outlived its killed run"


def test_a_server_whose_run_is_already_gone_never_serves():
    # A run killed while its server's Python was still starting: the server is told the pid of
    # the run that started it, and that process is no longer its parent.
    from flows.local_server import WATCH_PARENT

    gone = subprocess.Popen(["true"])
    gone.wait()
    server = subprocess.Popen(
        [sys.executable, "-c", WATCH_PARENT, str(gone.pid), "--factory",
         "prefect.server.api.server:create_app", "--port", str(free_port())],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert server.wait(timeout=20) == 0  # it stopped at once, before serving
    finally:
        server.kill()
        server.wait()
