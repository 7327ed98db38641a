"""One writer at a time, a private build copy, and an atomic swap into the published file.

Two files: the private working file `<stem>.work.duckdb` (every schema: raw landing, reports,
staging, intermediate, restricted cells, revisions, transform state; owner-only, opened by the
pipeline alone) and the published file `<stem>.duckdb` (the marts and the run records readers
need, written from the working file by `asfetl.warehouse.published`). A run copies the working
file to `<working>.build`, builds there, writes the published copy `<published>.new` from it,
then renames the build over the working file and the copy over the published file. A rename is
atomic, so a reader sees the old file or the new one, never a half-built one, and a reader that
keeps the old file open keeps reading the old version undisturbed. A file in the single-file
layout of earlier versions (every schema in the published file) is the first build's starting
point: that run splits it.
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

from asfetl.errors import AsfetlError, WarehouseBusyError
from asfetl.warehouse import database
from asfetl.warehouse import published as published_file

POLL_SECONDS = 0.2
PRIVATE_MODE = 0o600  # the working file and its build: owner only
PRIVATE_UMASK = 0o077  # while the build is open, so DuckDB's .wal beside it is owner-only too
NOTICE_SECONDS = 30  # while waiting for another run's lock, say so this often


def lock_path(published: Path) -> Path:
    return published.with_name(published.name + ".lock")


def working_path(published: Path) -> Path:
    """The private working file beside the published one: asf.duckdb -> asf.work.duckdb."""
    return published.with_name(f"{published.stem}.work{published.suffix or '.duckdb'}")


def build_path(published: Path) -> Path:
    """The run's build copy of the working file."""
    working = working_path(published)
    return working.with_name(working.name + ".build")


def staged_path(published: Path) -> Path:
    """The published copy written from a finished build, renamed over the published file."""
    return published.with_name(published.name + ".new")


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
        self.working = working_path(published)
        self.path = build_path(published)
        self.staged = staged_path(published)
        self._remove_leftovers()  # from a run that crashed: we hold the lock, so they are dead
        self.con: duckdb.DuckDBPyConnection | None = None
        self._umask: int | None = os.umask(PRIVATE_UMASK)
        start = None
        try:
            start = self._starting_point()
            if start is not None:
                _private_copy(start, self.path)
            self.con = database.connect(self.path)
            os.chmod(self.path, PRIVATE_MODE)  # a new file: DuckDB made it under our umask
        except OSError as exc:  # e.g. a full disk: no partial build is left behind
            self.discard()
            raise AsfetlError(
                f"Could not copy {self.working} to build a new version ({exc.strerror or exc}); "
                f"free space in {published.parent} (or fix its permissions) and run again."
            ) from None
        except duckdb.Error:
            self.discard()
            if start == self.working:
                raise _damaged_working(self.working, published) from None
            raise database.damaged(published) from None
        except BaseException:
            self.discard()
            raise

    def _starting_point(self) -> Path | None:
        """The working file; on the first run after an upgrade, the single-file warehouse."""
        if self.working.exists():
            return self.working
        if not self.published.exists():
            return None  # a new warehouse
        if published_file.is_single_file_layout(self.published):
            return self.published  # this run splits it: the build holds everything it held
        raise AsfetlError(
            f"The working file {self.working} beside the published warehouse {self.published} "
            "is missing, and the published file alone cannot be built on (it holds no raw data "
            f"or revisions); restore {self.working.name} from a backup, or move "
            f"{self.published.name} aside to start a new warehouse."
        )

    def _remove_leftovers(self) -> None:
        for leftover in (self.path, self.staged):
            leftover.unlink(missing_ok=True)
            leftover.with_name(leftover.name + ".wal").unlink(missing_ok=True)

    def _restore_umask(self) -> None:
        if self._umask is not None:
            os.umask(self._umask)
            self._umask = None

    def publish(self) -> None:
        """Checkpoint; write the published copy; close, flush to disk, then rename the build
        over the working file and the copy over the published file (each rename atomic)."""
        assert self.con is not None, "build already closed"
        self.con.execute("checkpoint")
        self._restore_umask()  # the published copy is for every reader
        published_file.write(self.con, self.staged)
        self.con.close()
        self.con = None
        for built in (self.path, self.staged):
            wal = built.with_name(built.name + ".wal")
            if wal.exists():  # every change must be inside the files we are about to rename
                raise RuntimeError(f"{wal} still exists after checkpoint; not publishing")
            _fsync(built)
        os.chmod(self.path, PRIVATE_MODE)
        # Working file first: should the process die between the renames, the next run starts
        # from the newer working file and publishes again from it.
        os.replace(self.path, self.working)
        os.replace(self.staged, self.published)
        _fsync(self.published.parent)

    def discard(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        self._restore_umask()
        self._remove_leftovers()


def _damaged_working(working: Path, published: Path) -> AsfetlError:
    return AsfetlError(
        f"The working file {working} is damaged and cannot be opened; move it and the published "
        f"file aside (mv {working} {working}.damaged; mv {published} {published}.damaged), copy "
        "the report files under accepted/ back into the inbox and run `asfetl run` again."
    )


def _private_copy(source: Path, target: Path) -> None:
    """Copy `source` to a new owner-only `target` (never readable by others, not even briefly)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
