"""A local Prefect server that the first hand run starts and later runs reuse, stopped when idle.

Prefect's temporary server costs a hand run about 8 s to start and 1–5 s to stop, several times
the run's own work. With ASFETL_LOCAL_SERVER_IDLE > 0 (the default, 600 s) the first `asfetl run`
starts one server for its PREFECT_HOME and later runs use it. It stops itself once no run has
used it for that many seconds, and never runs longer:

- every run holds a shared lock on `<PREFECT_HOME>/asfetl-server.users` for its whole life (the
  kernel drops it when the run ends, also after `kill -9`);
- the server watches that lock once a second: while any run holds it the server is in use; once
  it has been free for the idle time the server takes it exclusively (so no run can start using
  it meanwhile), removes its address file and exits;
- a run takes its shared lock *before* it reads the address file, so the server it finds cannot
  decide to stop under it.

Its address is in `<PREFECT_HOME>/asfetl-server.json`; its log in `asfetl-server.log` beside it
(the banner and any server errors stay out of the terminal). Runs started by a worker from a
deployment, or with PREFECT_API_URL set, use that server instead and never start this one.
"""

import contextlib
import fcntl
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

from asfetl.errors import AsfetlError

ADDRESS_FILE = "asfetl-server.json"
USERS_LOCK = "asfetl-server.users"
START_LOCK = "asfetl-server-start.lock"
LOG_FILE = "asfetl-server.log"
START_TIMEOUT = 120  # seconds for a first start (a new PREFECT_HOME creates its database)

# Run by the server's Python before uvicorn: stop once no run has used the server for `idle` s.
WATCH_IDLE = """
import fcntl, os, runpy, sys, threading, time
users, address, idle = sys.argv[1], sys.argv[2], float(sys.argv[3])
def watch():
    lock = open(users, "a+")
    last_used = time.monotonic()
    while True:
        time.sleep(1)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            last_used = time.monotonic()  # a run holds it: in use
            continue
        if time.monotonic() - last_used >= idle:
            try:  # holding the lock: no run can pick up this address while we stop
                os.unlink(address)
            except OSError:
                pass
            os._exit(0)
        fcntl.flock(lock, fcntl.LOCK_UN)
threading.Thread(target=watch, daemon=True).start()
sys.argv = ["uvicorn", *sys.argv[4:]]
runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)
"""

_held: list[IO[str]] = []  # this process's shared lock: kept open until the process ends


def home() -> Path:
    """PREFECT_HOME as Prefect reads it, without importing Prefect (which takes a second)."""
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def healthy(api: str, timeout: float = 2.0) -> bool:
    try:
        with _DIRECT.open(f"{api}/health", timeout=timeout) as answer:
            return answer.status == 200
    except OSError:
        return False


def running(folder: Path) -> dict | None:
    """The shared server's address if one answers for this PREFECT_HOME, else None."""
    try:
        found = json.loads((folder / ADDRESS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if healthy(found.get("api", "")) else None


class Shared:
    """This run's share of the server: its address now, `wait()` until it answers."""

    def __init__(self, folder: Path, api: str, process: subprocess.Popen | None, lock: IO | None):
        self.folder, self.api = folder, api
        self.started = process is not None  # by this run
        self._process, self._start_lock = process, lock

    def wait(self) -> None:
        """Until the server answers; one this run started is then announced to later runs."""
        if self._process is None:
            return
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not healthy(self.api, timeout=1.0):
                if self._process.poll() is not None or time.monotonic() > deadline:
                    with contextlib.suppress(ProcessLookupError):
                        self._process.kill()
                    raise AsfetlError(
                        f"The local Prefect server did not start (its log: "
                        f"{self.folder / LOG_FILE}); run again, or set ASFETL_LOCAL_SERVER_IDLE=0 "
                        "for a temporary server per run."
                    )
                time.sleep(0.1)
            found = {"api": self.api, "pid": self._process.pid, "started": time.time()}
            partial = self.folder / (ADDRESS_FILE + ".part")
            partial.write_text(json.dumps(found), encoding="utf-8")
            partial.replace(self.folder / ADDRESS_FILE)
        except BaseException:  # not announced, so no other run uses it: stop it with this run
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            raise
        finally:
            if self._start_lock is not None:
                self._start_lock.close()  # lets a run waiting to start one find this one
                self._start_lock = None
            self._process = None


def use(idle: float) -> Shared:
    """Take this process's share of the server, starting one if none answers (without waiting
    for it: call `wait()`). Sets PREFECT_API_URL for this process, so Prefect, imported
    afterwards, talks to it."""
    folder = home()
    folder.mkdir(parents=True, exist_ok=True)
    if not _held:
        users = (folder / USERS_LOCK).open("a+")
        fcntl.flock(users, fcntl.LOCK_SH)  # before reading the address: see the module docstring
        _held.append(users)
    found = running(folder)
    shared = Shared(folder, found["api"], None, None) if found else None
    if shared is None:
        start_lock = (folder / START_LOCK).open("a")
        fcntl.flock(start_lock, fcntl.LOCK_EX)  # one start at a time per PREFECT_HOME
        found = running(folder)  # another run may have started it while we waited
        if found:
            start_lock.close()
            shared = Shared(folder, found["api"], None, None)
        else:
            api, process = _start(folder, idle)
            shared = Shared(folder, api, process, start_lock)
    os.environ["PREFECT_API_URL"] = shared.api
    return shared


def _start(folder: Path, idle: float) -> tuple[str, subprocess.Popen]:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))  # the kernel's choice of a free port
        port = sock.getsockname()[1]
    # (not flows.local_server.free_port: that module imports Prefect, whose settings would be
    # read before PREFECT_API_URL is set below, and the run would start a server of its own)
    env = {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",  # as Prefect's temporary server: no background services
        "PREFECT__SERVER_FINAL": "1",
        "PREFECT_HOME": str(folder),
    }
    env.pop("PREFECT_API_URL", None)
    with (folder / LOG_FILE).open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", WATCH_IDLE, str(folder / USERS_LOCK),
             str(folder / ADDRESS_FILE), str(idle), "--app-dir", _prefect_dir(),
             "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            start_new_session=True,  # not stopped with the run's terminal or process group
        )  # fmt: skip
    return f"http://127.0.0.1:{port}/api", process


def _prefect_dir() -> str:
    """Prefect's package folder, found without importing Prefect."""
    import importlib.util

    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.origin is not None, "prefect is not installed"
    return str(Path(spec.origin).parent.parent)
