"""Helpers of the portal's tests: the real server (uvicorn) on 127.0.0.1, links, report files."""

import contextlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from asfetl.portal.app import create_app
from asfetl.portal.links import make_token, secret_of
from asfetl.settings import Settings, load_settings
from tests.conftest import UNREACHABLE, WRITTEN_WHOLE
from tests.reports.report_files import write_csv

SECRET = "test-secret-" + "x" * 40  # made up for the tests; a real one comes from the environment


def portal_settings(folder: Path, **overrides) -> Settings:
    """Settings for a portal (and a run) under `folder`, with the APIs pointing nowhere."""
    values = {
        "warehouse": folder / "warehouse" / "asf.duckdb",
        "inbox": folder / "warehouse" / "inbox",
        "portal_scratch_dir": folder / "scratch",  # the test's own, never the machine's /dev/shm
        "lock_timeout": 0,
        "portal_secret": SECRET,
        **UNREACHABLE,
        **WRITTEN_WHOLE,
    }
    return load_settings(**{**values, **overrides})


@contextlib.contextmanager
def running_portal(settings: Settings, wrap=None) -> Iterator[str]:
    """`asfetl portal`'s application served by uvicorn in a thread; yields its base URL.
    `wrap`: ASGI middleware put around the application (e.g. a BodyCounter)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    app = create_app(settings)
    config = uvicorn.Config(
        wrap(app) if wrap else app, log_config=None, access_log=False, lifespan="off",
        server_header=False,
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the portal did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


class BodyCounter:
    """ASGI middleware counting the request body bytes the application was given."""

    def __init__(self, app) -> None:
        self.app, self.received = app, 0

    async def __call__(self, scope, receive, send) -> None:
        async def counting():
            message = await receive()
            self.received += len(message.get("body", b""))
            return message

        await self.app(scope, counting, send)


def link_path(
    settings: Settings, subject: str, days: float = 30, kind: str = "org", now=None
) -> str:
    return f"/u/{make_token(secret_of(settings), kind, subject, days, now=now)}"


def csrf_of(page) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def send(client, path: str, content: bytes, name: str = "rapport.csv", csrf: str | None = ""):
    """Upload a file through the form of the page at `path` (its CSRF token unless given)."""
    if csrf == "":
        csrf = csrf_of(client.get(path))
    data = {} if csrf is None else {"csrf": csrf}
    return client.post(f"{path}/upload?lang=sv", data=data, files={"file": (name, content)})


def csv_bytes(tmp_path: Path, rows: list[dict]) -> bytes:
    return write_csv(tmp_path / "made.csv", rows).read_bytes()


def everything_under(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]
