"""`asfetl run`: the whole pipeline once, as the Prefect flow asf_pipeline, by hand.

It says at once what it is about to do, refuses what needs no orchestration to refuse before
Prefect loads, prints a line per step as it finishes, and stops within seconds on SIGTERM.
"""

import argparse
import os
import signal
import sys
import time
from typing import Any

from asfetl.cli import output
from asfetl.errors import RunCancelled


def add_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run",
        help="run the whole pipeline once and publish the warehouse",
        description=(
            "Extract, validate, load, transform and publish, as the Prefect flow asf_pipeline. "
            "Hand runs share a local Prefect server that the first one starts and that stops "
            "after ASFETL_LOCAL_SERVER_IDLE seconds (600) without runs; with PREFECT_API_URL set, "
            "that server is used. The published warehouse is replaced only when every step "
            "succeeded. Exit 0 on success, 1 if the run failed or some data failed validation, "
            "2 on a configuration error, 143 when stopped by SIGTERM."
        ),
    )
    run.add_argument(
        "--sample",
        action="store_true",
        help="use the sample data shipped with asfetl instead of the live APIs (no network)",
    )
    run.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also show Prefect's and the libraries' own log lines",
    )
    # the process ends as soon as the run is reported (asfetl.cli.main.leave)
    run.set_defaults(handler=cmd_run, leave_at_once=True)


STOPPED = "asfetl: stopped (SIGTERM); the published warehouse is unchanged."


def _leave(signum: int, frame: Any) -> None:
    """SIGTERM before the flow begins: nothing is written yet, and the signal may come in the
    middle of importing a compiled library (DuckDB, pandas, GX), where an exception raised can
    abort the interpreter with its own traceback (seen: DuckDB's module setup, exit -6)."""
    os.write(2, f"{STOPPED}\n".encode())
    os._exit(143)


def _cancel(signum: int, frame: Any) -> None:
    """SIGTERM once the flow runs: cancel it, so that it cleans up what it began."""
    raise RunCancelled(signal.Signals(signum).name)


def cmd_run(args: argparse.Namespace) -> int:
    began = time.monotonic()
    signal.signal(signal.SIGTERM, _leave)  # from now on SIGTERM stops the run within seconds
    from asfetl.settings import load_settings

    settings = load_settings()
    server = _server_plan(settings)
    mode = "sample data" if args.sample else "live data from the open-statistics sources"
    print(
        f"asfetl run: {mode} for {settings.region_name} (region {settings.region}) into "
        f"{settings.warehouse}; recorded in its ops.runs (journal in {settings.runs_dir}) and "
        f"in Prefect {server}.",
        flush=True,
    )
    _refuse_early(settings, args.sample)
    shared = _start_prefect(settings)
    from flows import console  # Prefect loads here: it is slow to import

    console.show_steps()
    if not args.verbose:
        console.quiet()
    if shared is not None:
        from flows.asf_pipeline import asf_pipeline

        if shared.started:  # while the server this run started gets ready, load GX too
            from asfetl.validation import preload

            preload()
        shared.wait()
        state = "started" if shared.started else "running"
        _say(f"{'prefect':<15} {time.monotonic() - began:6.2f} s  {shared.api} ({state})")
    else:
        from flows.local_server import local_server_starting

        with local_server_starting():  # while Prefect's temporary server starts, load the rest
            from asfetl.validation import preload
            from flows.asf_pipeline import asf_pipeline

            preload()
    # By hand, report an unreachable source at once (the HTTP client has already retried);
    # scheduled runs retry later (ASFETL_EXTRACT_RETRIES).
    signal.signal(signal.SIGTERM, _cancel)
    final = asf_pipeline(
        sample=args.sample, network_retries=0, settings=settings, return_state=True
    )
    if final.is_cancelled():
        raise RunCancelled("SIGTERM")
    run = final.result()  # a failed run raises its error here, stated by asfetl's main
    _summary(run, settings, args.sample, time.monotonic() - began)
    if run["status"] == "partial":
        print(
            "Some datasets failed validation and kept their previous data; "
            "`asfetl status` lists the findings.",
            file=sys.stderr,
        )
        return 1
    return 0


def _server_plan(settings: Any) -> str:
    """Where Prefect will record the run, as the first line says it (without importing Prefect)."""
    if os.environ.get("PREFECT_API_URL"):
        return f"at {os.environ['PREFECT_API_URL']}"
    if settings.local_server_idle > 0:
        return (
            f"on the local server hand runs share (started if none is running; it stops after "
            f"{settings.local_server_idle:g} s without runs)"
        )
    return "on a temporary local server for this run"


def _refuse_early(settings: Any, sample: bool) -> None:
    """What needs no orchestration to refuse, refused before Prefect loads, cheapest first; and
    a busy lock said at once (the run itself then waits, saying so every 30 s)."""
    settings.ensure_writable()
    from asfetl.operations.run_context import refuse_sample_over_live_file

    if sample:
        refuse_sample_over_live_file(settings)
    from asfetl.warehouse.publish import lock_holder, lock_path, waiting_message

    holder = lock_holder(settings.warehouse)
    if holder:
        print(waiting_message(lock_path(settings.warehouse), holder, settings.lock_timeout),
              flush=True)  # fmt: skip
    from asfetl.plan.check import require_valid  # reads the plan with pandas: last

    # a plan with errors stops here; the run logs its warnings
    require_valid(settings.plan_dir, warn=False)


def _start_prefect(settings: Any):
    """The shared local server (see flows/shared_server.py), or None for Prefect's temporary
    server or a server PREFECT_API_URL names."""

    if os.environ.get("PREFECT_API_URL") or settings.local_server_idle <= 0:
        return None
    from flows import shared_server

    return shared_server.use(settings.local_server_idle)


def _say(line: str) -> None:
    print(f"{time.strftime('%H:%M:%S')}  {line}", flush=True)


def _summary(run: dict[str, Any], settings: Any, sample: bool, seconds: float) -> None:
    counts = run["step_counts"]
    extract, reports = counts.get("extract", {}), counts.get("reports", {})
    print(
        f"Run {run['run_id']} {run['status']}: {extract.get('payloads', 0)} payloads "
        f"({extract.get('unchanged', 0)} unchanged), "
        f"{sum(counts.get('load', {}).values())} rows loaded, "
        f"{counts.get('published', {}).get('indicator_values', 0)} indicator values; "
        f"published {settings.warehouse}."
    )
    print(
        f"Report files: {reports.get('accepted', 0)} accepted ({reports.get('rows', 0)} rows, "
        f"{reports.get('activity_rows', 0)} of them activity follow-ups, "
        f"{reports.get('superseded', 0)} superseding earlier reports), "
        f"{reports.get('rejected', 0)} rejected, {reports.get('duplicate', 0)} already received, "
        f"{reports.get('deferred', 0)} still being written; {reports.get('warnings', 0)} warnings."
    )
    own = _own_work(run)
    print(f"Done in {seconds:.1f} s" + (f" (the run's own work: {own:.1f} s)." if own else "."))
    if sample:
        print(output.SAMPLE_BANNER)


def _own_work(run: dict[str, Any]) -> float | None:
    """finished_at − started_at as ops.runs records it: from taking the lock to publishing."""
    from datetime import datetime

    try:
        started = datetime.fromisoformat(run["started_at"])
        finished = datetime.fromisoformat(run["finished_at"])
    except (KeyError, TypeError, ValueError):
        return None
    return (finished - started).total_seconds()
