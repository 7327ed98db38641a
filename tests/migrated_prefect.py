"""Prefect's database as its server leaves it after a first start (created and migrated), made
once per test session and copied into each PREFECT_HOME a test gives a server.

A server on a new PREFECT_HOME spends about 5 s of CPU creating and migrating its SQLite
database before it answers (measured: 8.8 s of CPU to answer on a new home, 4.4 s with a
migrated database copied in). The copy is what the same machine has after its first hand run;
`tests/operations/test_local_server.py` still starts two runs at once on a new home, where the
database is created for real.
"""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.background import free_port, healthy

DATABASE = "prefect.db"  # where Prefect keeps it in PREFECT_HOME unless told otherwise


def template(root: Path) -> Path:
    """The migrated database under `root`, made by the first test process that asks for it
    (xdist's workers share `root`; the others wait for it)."""
    folder = root / "prefect-database"
    with (root / "prefect-database.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "ready").exists():
            shutil.rmtree(folder, ignore_errors=True)
            _first_start(folder)
            (folder / "ready").touch()
    return folder / DATABASE


def copy_into(database: Path, home: Path, name: str = DATABASE) -> Path:
    """`home` (made if missing) holding a copy of the migrated database; returns `home`."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(database, home / name)
    return home


def session_server(root: Path, database: Path, owner: int) -> str:
    """The API URL of one Prefect server for the whole test session under `root`, on a copy of
    the migrated database: started by the first test process that asks (xdist's workers share
    `root`; the others find its URL). It runs in a session of its own and ends within a second of
    `owner` (the pytest process that started the workers, or pytest itself) ending, however
    that ends: no test process owns it alone, so none stops it while another still uses it."""
    folder = root / "prefect-api"
    with (root / "prefect-api.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / "url").exists():
            return (folder / "url").read_text()
        shutil.rmtree(folder, ignore_errors=True)
        copy_into(database, folder)
        port = free_port()
        api = f"http://127.0.0.1:{port}/api"
        with (folder / "server.log").open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, "-c", WHILE_OWNER_LIVES, str(owner), *_uvicorn(port)],
                env=_server_env(folder), stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        _wait_until_healthy(server, api, folder / "server.log")
        (folder / "url").write_text(api)
        return api


# Run by the session server's Python before uvicorn: exit once the owning pytest is gone.
WHILE_OWNER_LIVES = """
import os, runpy, sys, threading, time
owner = int(sys.argv[1])
def watch():
    while True:
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os._exit(0)
        time.sleep(0.5)
threading.Thread(target=watch, daemon=True).start()
sys.argv = ["uvicorn", *sys.argv[2:]]
runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)
"""


def _uvicorn(port: int) -> list[str]:
    """uvicorn's arguments for Prefect's server app (as Prefect starts its temporary server)."""
    return ["--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port",
            str(port), "--log-level", "error", "--lifespan", "on"]  # fmt: skip


def _server_env(home: Path) -> dict[str, str]:
    """The environment of a server whose database is in `home` (no inherited database URL)."""
    env = {k: v for k, v in os.environ.items() if "DATABASE_CONNECTION_URL" not in k}
    env.pop("PREFECT_API_URL", None)
    return env | {"PREFECT_HOME": str(home), "PREFECT_UI_ENABLED": "0",
                  "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
                  "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}  # fmt: skip


def _wait_until_healthy(server: subprocess.Popen, api: str, log: Path) -> None:
    deadline = time.monotonic() + 180
    while not healthy(api):
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Prefect's server did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


def _first_start(folder: Path) -> None:
    """Start Prefect's server (as asfetl starts its temporary one) on a new home, wait until it
    answers, stop it, and fold its write-ahead log into the database file."""
    folder.mkdir(parents=True)
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", *_uvicorn(port)], env=_server_env(folder),
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        _wait_until_healthy(server, f"http://127.0.0.1:{port}/api", log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    with sqlite3.connect(folder / DATABASE) as con:
        con.execute("pragma wal_checkpoint(truncate)")
    con.close()
    log.unlink()
