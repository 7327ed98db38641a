"""Start Prefect's temporary local server in the background while a run's heavy imports load.

Used by `asfetl run` with ASFETL_LOCAL_SERVER_IDLE=0; by default hand runs share the local server
of flows/shared_server.py instead, which later runs reuse.

Without PREFECT_API_URL, the first flow call of a process starts a temporary server and waits
for it (~8 s). Its start is mostly waiting on a child process, so the main thread can import
Great Expectations and the pipeline meanwhile (~3 s saved on every `asfetl run`).

Two things differ from Prefect's own temporary server, so that hand runs started at the same
moment never fight over a port and no server outlives its run, however the run ends:
- the port is one the kernel hands out (bind to port 0), not a random pick from 8000–8999 that
  a second run may pick too before the first has bound it;
- servers start one at a time per PREFECT_HOME, whose database they share;
- the server watches its parent and exits within a second of it going away, also after a
  `kill -9`, which runs no cleanup (a parent-death signal would not do: it fires when the
  *thread* that started the child ends, and the server is started from a short-lived thread).
  The parent's pid is given to it, not read once it runs: a run killed while its server's Python
  was still starting would otherwise leave a server watching init for ever.
"""

import contextlib
import fcntl
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prefect.settings import PREFECT_API_URL, PREFECT_HOME, PREFECT_SERVER_EPHEMERAL_ENABLED

# Run by the server's Python before uvicorn: exit when the process that started it is gone.
WATCH_PARENT = """
import os, runpy, sys, threading, time
parent = int(sys.argv[1])  # the run that started us, which may already be gone
def watch():
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)  # our run ended without stopping us (killed): stop serving
threading.Thread(target=watch, daemon=True).start()
sys.argv = ["uvicorn", *sys.argv[2:]]
runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)
"""


def free_port() -> int:
    """A port no other process holds: the kernel's choice for a socket bound to port 0."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_class() -> type:
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import get_current_settings

    class RunScopedServer(SubprocessASGIServer):
        """Prefect's temporary server, on a port from the kernel, ending with its run."""

        def find_available_port(self) -> int:
            return free_port()

        def start(self, timeout: int | None = None) -> None:
            # One start at a time per PREFECT_HOME: runs started together share its database,
            # and two servers creating or migrating it at once fail ("table already exists").
            home = Path(PREFECT_HOME.value())
            home.mkdir(parents=True, exist_ok=True)
            with (home / "asfetl-server-start.lock").open("a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                super().start(timeout)

        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            import prefect

            server_env = {  # as Prefect's own: no UI, an ephemeral server
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",
                "PREFECT__SERVER_FINAL": "1",
            }
            return subprocess.Popen(
                args=[
                    sys.executable,
                    "-c",
                    WATCH_PARENT,
                    str(os.getpid()),
                    "--app-dir",
                    str(prefect.__module_path__.parent),
                    "--factory",
                    "prefect.server.api.server:create_app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "error",
                    "--lifespan",
                    "on",
                ],
                env={
                    **os.environ,
                    **server_env,
                    **get_current_settings().to_environment_variables(exclude_unset=True),
                },
            )

    return RunScopedServer


@contextmanager
def local_server_starting() -> Iterator[None]:
    """Start the temporary server in a thread for the duration of the block; on leaving, wait
    until it answers. If the thread's start fails, the flow call starts the server itself."""
    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield
        return
    # Created here, in the main thread (importing in two threads at once is not safe). Prefect
    # keeps one temporary server per process: the flow call will find and use this one.
    server = _server_class()()
    thread = threading.Thread(target=_start, args=(server,), name="prefect-server", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


START_TIMEOUT = 180  # seconds; Prefect's default (20 s) ran out on a loaded machine, and its
# retry from the flow call then started a second server on the same port beside the first


def _start(server) -> None:
    with contextlib.suppress(Exception):  # `running` is reset, so the flow call tries again
        server.start(timeout=START_TIMEOUT)
