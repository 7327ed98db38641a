"""A throwaway PostgreSQL server for tests and benchmarks: Debian's `postgresql` package, a new
cluster in a temporary folder, listening on 127.0.0.1 only, stopped and removed afterwards.

initdb refuses to run as root, so under root (as in CI) the cluster belongs to the `postgres`
user that Debian's package creates. Authentication is `trust` on loopback: nothing but the test
can reach it, and it lives for one test.
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

USER = "asfetl"
DATABASE = "prefect"


@dataclass(frozen=True)
class Postgres:
    port: int
    folder: Path

    @property
    def prefect_url(self) -> str:
        """What PREFECT_API_DATABASE_CONNECTION_URL takes to put Prefect's server on it."""
        return f"postgresql+asyncpg://{USER}@127.0.0.1:{self.port}/{DATABASE}"


def binaries() -> Path | None:
    """The folder of Debian's PostgreSQL server programs (the newest version installed)."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _as_owner(args: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *args] if owner else args


@contextmanager
def postgres(port: int) -> Iterator[Postgres]:
    """A running server on 127.0.0.1:`port` with an empty database `prefect`."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError(
            "PostgreSQL is not installed: apt-get install postgresql (.ci/run does this)"
        )
    owner = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="asfetl-postgres-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if owner:
        shutil.chown(folder, owner)
        shutil.chown(sockets, owner)
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(
            _as_owner(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    USER,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ],
                owner,
            ),
            **run,
        )
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -k {sockets} "
            "-c fsync=off -c synchronous_commit=off -c max_connections=200"
        )
        subprocess.run(
            _as_owner(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                 str(folder / "server.log"), "-w", "start"],
                owner,
            ),
            **run,
        )  # fmt: skip
        subprocess.run(
            [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", USER, DATABASE],
            **run,
        )
        yield Postgres(port, folder)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                          owner),
                capture_output=True,
                timeout=60,
                check=False,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
