"""One run's frame: the writer lock, the build copy, migrations, and the journal however it ends."""

import contextlib
import errno
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from asfetl.errors import AsfetlError, DiskFullError
from asfetl.operations import runs
from asfetl.settings import Settings
from asfetl.sources import http
from asfetl.warehouse import database
from asfetl.warehouse.publish import Build, WriterLock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunContext:
    """What every step of one run is given and none changes: settings, mode, run record, build.

    Steps pass their results to each other as arguments and return values. The run record
    collects telemetry (`count`) for ops.runs and the summary; no step decides anything from it.
    """

    settings: Settings
    run: runs.RunRecord
    build: Build
    sample: bool
    migrations_applied: int  # by this run, before its first step: the models must be rebuilt

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        assert self.build.con is not None, "the build is already closed"
        return self.build.con

    @property
    def run_id(self) -> str:
        return self.run.run_id

    def count(self, step: str, **counts: int) -> None:
        """Telemetry for the run record (ops.runs, the summary, the log); never read back."""
        self.run.step_counts.setdefault(step, {}).update(counts)


@contextmanager
def pipeline_run(settings: Settings, sample: bool) -> Iterator[RunContext]:
    """Hold the writer lock and a build copy for one run; journal the run however it ends."""
    settings.ensure_writable()
    run = runs.RunRecord(runs.new_run_id(), "sample" if sample else "live", settings.region)
    try:
        lock = WriterLock(
            settings.warehouse, settings.lock_timeout, run.run_id, run.mode, log.warning
        )
        with lock, http.one_run():
            waited = datetime.now(UTC) - run.started_at
            run.started_at = datetime.now(UTC)  # a run starts when it may write
            run.step_counts["lock"] = {"waited_ms": int(waited.total_seconds() * 1000)}
            runs.write_journal(settings.runs_dir, run)
            build = Build(settings.warehouse)
            try:
                _private_folders(settings)
                assert build.con is not None
                applied = len(database.migrate(build.con))
                context = RunContext(settings, run, build, sample, applied)
                context.count("migrate", applied=applied)
                _refuse_sample_over_live(context)
                yield context
                if build.con is not None:  # Build.publish closes it
                    raise RuntimeError("the run ended before its publish step")
            finally:
                build.discard()  # no-op after a publish
    except BaseException as exc:
        if isinstance(exc, Exception):
            run.finish("failed", str(exc) or type(exc).__name__)
        else:  # stopped from outside: SIGTERM (asfetl's RunCancelled, Prefect's own), Ctrl-C
            run.finish("cancelled", CANCELLED)
        with contextlib.suppress(OSError):  # on a full disk even the journal may not be written
            runs.write_journal(settings.runs_dir, run)
        if disk_full(exc):
            raise DiskFullError(
                f"The disk holding {settings.warehouse_dir} is full: the run stopped, its build "
                "copy is removed and the published warehouse is unchanged; free some space and "
                "run again."
            ) from None
        raise


PRIVATE_FOLDERS = ("landing", "accepted", "rejected")  # raw payloads, the submitted files


def _private_folders(settings: Settings) -> None:
    """Owner-only, like the working file: they hold what it holds (and a warehouse of the
    single-file layout made them readable by all)."""
    for name in PRIVATE_FOLDERS:
        folder = settings.warehouse_dir / name
        if name == "landing":
            folder.mkdir(mode=0o700, exist_ok=True)
        if folder.is_dir():
            folder.chmod(0o700)


CANCELLED = (
    "stopped from outside (SIGTERM or Ctrl-C) before it published; the warehouse is unchanged"
)


def refuse_sample_over_live_file(settings: Settings) -> None:
    """Before a sample run starts anything: refuse if the published warehouse holds live data.

    The run checks again under its lock (a live run may publish meanwhile); this answers at once.
    """
    if not settings.warehouse.exists():
        return
    try:
        with database.connect_read_only(settings.warehouse) as con:
            row = con.execute("select data_mode from mart.build_info").fetchone()
    except (duckdb.Error, AsfetlError, OSError):
        return  # unreadable now (e.g. an older layout): the run's own check decides
    if row and row[0] != "sample":
        raise AsfetlError(_sample_over_live(settings))


def _sample_over_live(settings: Settings) -> str:
    return (
        f"{settings.warehouse} holds live data; run the sample pipeline against another "
        "file, e.g. ASFETL_WAREHOUSE=warehouse/sample.duckdb asfetl run --sample."
    )


def disk_full(exc: BaseException) -> bool:
    """Whether an error means the disk ran out of space (Python's ENOSPC or DuckDB's IO error)."""
    seen = 0
    while exc is not None and seen < 10:  # or an error raised while handling one (its context)
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        # DuckDB says it as an IOException, or as a FatalException when a checkpoint fails
        if isinstance(exc, duckdb.Error) and "no space left on device" in str(exc).lower():
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _refuse_sample_over_live(ctx: RunContext) -> None:
    """Sample rows would overwrite real statistics: keep sample runs out of a live database."""
    row = ctx.con.execute("select data_mode from mart.build_info").fetchone()
    if ctx.sample and row and row[0] != "sample":
        raise AsfetlError(_sample_over_live(ctx.settings))


def write_build_info(ctx: RunContext) -> None:
    """mart.build_info: the run that built the warehouse, and whether it holds sample data."""
    latest_payloads = """
        select is_sample from raw.payloads
        qualify row_number() over (partition by request_key order by fetched_at desc) = 1
    """
    modes = {row[0] for row in ctx.con.execute(latest_payloads).fetchall()}
    data_mode = "mixed" if len(modes) > 1 else ("sample" if modes == {True} else "live")
    ctx.con.execute("delete from mart.build_info")
    ctx.con.execute(
        "insert into mart.build_info values (?, ?, ?, ?, ?, ?, ?)",
        [
            ctx.run.run_id,
            ctx.run.finished_at,
            data_mode,
            ctx.settings.region,
            ctx.settings.region_name,
            ctx.settings.first_year,
            ctx.run.asfetl_version,
        ],
    )
