"""One writer at a time, a private build copy, and an atomic swap into the published file.

Readers open the published file read-only. A run never opens it for writing: it copies it to
`<name>.build`, builds there, checkpoints and closes, then renames the copy over the published
file. A rename is atomic, so a reader sees the old file or the new one, never a half-built one,
and a reader that keeps the old file open keeps reading the old version undisturbed.
"""

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from asfetl.warehouse import database
from asfetl.errors import AsfetlError, WarehouseBusyError

POLL_SECONDS = 0.2
NOTICE_SECONDS = 30  # while waiting for another run's lock, say so this often


def lock_path(published: Path) -> Path:
    return published.with_name(published.name + ".lock")


def build_path(published: Path) -> Path:
    return published.with_name(published.name + ".build")


class WriterLock:
    """An exclusive lock on `<warehouse>.lock`, held for the whole run, released by the OS on exit.

    Waits up to `timeout` seconds for another run, then stops with a message naming it. While
    it waits, `say` (if given) is told at once which run holds the lock, and every 30 s again.
    """

    def __init__(
        self,
        published: Path,
        timeout: float,
        run_id: str,
        mode: str = "",
        say: Callable[[str], None] | None = None,
    ):
        self.path = lock_path(published)
        self.timeout = timeout
        self.run_id = run_id
        self.mode = mode
        self.say = say
        self._file = None

    def __enter__(self) -> "WriterLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        started = time.monotonic()
        deadline = started + self.timeout
        notice = started  # the first notice at once
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                now = time.monotonic()
                if self.say and now >= notice and now < deadline:
                    self.say(waiting_message(self.path, _read_holder(handle), deadline - now))
                    notice = now + NOTICE_SECONDS
                if time.monotonic() >= deadline:
                    holder = _read_holder(handle)
                    handle.close()
                    raise WarehouseBusyError(
                        f"Another asfetl run ({holder}) is writing {self.path.with_suffix('')}; "
                        f"waited {self.timeout:g} s. Try again when it has finished, or raise "
                        "ASFETL_LOCK_TIMEOUT."
                    ) from None
                time.sleep(POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        holder = {
            "run_id": self.run_id,
            "pid": os.getpid(),
            "since": datetime.now(UTC).isoformat(),
            "mode": self.mode,
        }
        handle.write(json.dumps(holder))
        handle.flush()
        self._file = handle
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._file is not None:
            self._file.seek(0)
            self._file.truncate()
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def _read_holder(handle) -> str:
    try:
        handle.seek(0)
        holder = json.loads(handle.read() or "{}")
        mode = f"{holder['mode']} mode, " if holder.get("mode") else ""
        return f"run {holder['run_id']}, {mode}pid {holder['pid']}, since {holder['since']}"
    except (ValueError, KeyError):
        return "unknown run"


def waiting_message(lock: Path, holder: str, left: float) -> str:
    """What a run waiting for the lock tells the person who started it."""
    return (
        f"Waiting for another asfetl run ({holder}), which is writing {lock.with_suffix('')}; "
        f"waiting up to {left:.0f} s more (ASFETL_LOCK_TIMEOUT)."
    )


def lock_holder(published: Path) -> str | None:
    """Who holds the writer lock of `published` right now, or None if no run does."""
    path = lock_path(published)
    if not path.exists():
        return None
    with path.open("r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(handle)
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


class Build:
    """The private copy a run writes to. Call `publish()` to swap it in, or `discard()`."""

    def __init__(self, published: Path):
        self.published = published
        self.path = build_path(published)
        self._remove_leftovers()  # from a run that crashed: we hold the lock, so they are dead
        self.con: duckdb.DuckDBPyConnection | None = None
        try:
            if published.exists():
                shutil.copy2(published, self.path)
            self.con = database.connect(self.path)
        except OSError as exc:  # e.g. a full disk: no partial build is left behind
            self._remove_leftovers()
            raise AsfetlError(
                f"Could not copy {published} to build a new version ({exc.strerror or exc}); "
                f"free space in {published.parent} (or fix its permissions) and run again."
            ) from None
        except duckdb.Error:
            self._remove_leftovers()
            raise database.damaged(published) from None

    def _remove_leftovers(self) -> None:
        for leftover in (self.path, self.path.with_name(self.path.name + ".wal")):
            leftover.unlink(missing_ok=True)

    def publish(self) -> None:
        """Checkpoint, close, flush to disk, then atomically rename over the published file."""
        assert self.con is not None, "build already closed"
        self.con.execute("checkpoint")
        self.con.close()
        self.con = None
        wal = self.path.with_name(self.path.name + ".wal")
        if wal.exists():  # every change must be inside the file we are about to publish
            raise RuntimeError(f"{wal} still exists after checkpoint; not publishing")
        _fsync(self.path)
        os.replace(self.path, self.published)
        _fsync(self.published.parent)

    def discard(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        self._remove_leftovers()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
