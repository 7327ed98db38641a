"""The `asf_pipeline` flow: extract → validate → load → transform → publish, each step a task.

Resilience: only the network step (extract) is retried, with exponential backoff, and only when
no source could be reached; validation, transform and publish never retry (a payload that fails
its suite fails the same way a minute later). Every HTTP call has its own timeout (asfetl.http).
One writer at a time: the run holds the warehouse's file lock (asfetl.publish.WriterLock) from
before its first write until after publishing, whether or not any Prefect limit exists.

Observability: a markdown artifact per run (`asf-pipeline-run`), a few plain log lines, and the
webhook ASFETL_NOTIFY_URL on a failed run, a partial one, or a stale source.
"""

import functools
import logging
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import duckdb
import requests
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import TerminationSignal
from prefect.states import Cancelled
from prefect.tasks import exponential_backoff

from asfetl.errors import AsfetlError, RunCancelled, SourcesUnreachableError
from asfetl.operations import headline, notify, pipeline, runs
from asfetl.operations.freshness import source_freshness
from asfetl.settings import Settings, load_settings
from asfetl.warehouse.database import connect_read_only
from flows import quiet_user_errors

ARTIFACT_KEY = "asf-pipeline-run"
STEP_NAMES = {
    "extract": "extract",
    "parse": "parse",
    "validate": "validate",
    "load": "load",
    "watch_sources": "watch-sources",
    "intake_reports": "intake-reports",
    "transform_models": "transform",
    "publish": "publish",
}
NETWORK_STEPS = {"extract"}  # the only steps worth retrying: the others fail the same way again
NETWORK_ERRORS = (SourcesUnreachableError, requests.ConnectionError, requests.Timeout)
STOPS = (TerminationSignal, RunCancelled, KeyboardInterrupt)  # SIGTERM, Ctrl-C: a cancelled run
steps_log = logging.getLogger("asfetl.steps")  # one line per finished step (flows/console.py)


def timed(step: Callable[..., Any], name: str) -> Callable[..., Any]:
    """The step, logging its name and time to `asfetl.steps` when it finishes."""

    @functools.wraps(step)
    def run_and_say(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = step(*args, **kwargs)
        steps_log.info("%-15s %6.2f s", name, time.perf_counter() - started)
        return result

    return run_and_say


def retry_only_network_errors(task: Any, task_run: Any, state: Any) -> bool:
    """Retry when the publishers could not be reached; never for bad data, settings or bugs."""
    try:
        state.result()
    except NETWORK_ERRORS:
        return True
    except BaseException:  # anything else is not a network problem: bad data, settings, bugs
        return False
    return False


def as_task(step: Callable[..., Any], retries: int = 0, retry_delay: float = 0) -> Callable:
    """A pipeline step as a Prefect task; network steps get `retries` with exponential backoff."""
    # The steps pass a DuckDB connection and frames, which cannot be hashed: never cache them.
    name = STEP_NAMES[step.__name__]
    if step.__name__ not in NETWORK_STEPS or retries == 0:
        return task(timed(step, name), name=name, cache_policy=NO_CACHE)
    return task(
        timed(step, name),
        name=name,
        cache_policy=NO_CACHE,
        retries=retries,
        retry_delay_seconds=exponential_backoff(backoff_factor=retry_delay),
        retry_jitter_factor=0.2 if retry_delay else None,
        retry_condition_fn=retry_only_network_errors,
    )


def _settings_of(given: Any) -> Settings:
    """A run's settings parameter: as given, as the API stored it (a dict), or read afresh."""
    if isinstance(given, Settings):
        return given
    if isinstance(given, dict):
        return load_settings(**given)
    return load_settings()


def _notify_url(flow_run: Any) -> tuple[str | None, str]:
    """The webhook and warehouse of a run, even when its settings could not be read."""
    given = (flow_run.parameters or {}).get("settings")
    try:
        settings = _settings_of(given)
        return settings.notify_url, str(settings.warehouse)
    except AsfetlError:
        return os.environ.get("ASFETL_NOTIFY_URL") or None, "?"


def notify_failure(flow: Any, flow_run: Any, state: Any) -> None:
    """Flow hook (failed or crashed): tell the operators, in one message, what went wrong."""
    url, warehouse = _notify_url(flow_run)
    notify.run_failed(
        url,
        flow_run.name,
        state.message or state.name,
        state=state.name,
        flow_run_id=str(flow_run.id),
        deployment_id=str(flow_run.deployment_id) if flow_run.deployment_id else None,
        parameters={k: v for k, v in (flow_run.parameters or {}).items() if k != "settings"},
        warehouse=warehouse,
    )


def _after_publish(settings: Settings, run: runs.RunRecord, log: logging.Logger) -> None:
    """Check freshness on the published warehouse and notify once per run."""
    if run.status == "partial":
        notify.send(
            settings.notify_url,
            "run_partial",
            f"asfetl run {run.run_id} published, but: {run.error_message}",
            run=run.run_id,
            warehouse=str(settings.warehouse),
        )
    try:
        with connect_read_only(settings.warehouse) as con:
            freshness = source_freshness(con, settings)
    except (AsfetlError, OSError, duckdb.Error) as exc:  # the run has published: never fail it
        log.warning("Could not check the sources' freshness: %s", exc)
        return
    stale = [f for f in freshness if f.stale]
    for f in stale:
        log.warning("Stale source: %s.", f.describe())
    notify.sources_stale(settings.notify_url, stale, str(settings.warehouse), run=run.run_id)


def _log_run(run: runs.RunRecord, log: logging.Logger) -> None:
    counts = run.step_counts
    log.info("Run %s %s (mode %s, region %s).", run.run_id, run.status, run.mode, run.region_code)
    if run.error_message:
        log.warning("Problems: %s", run.error_message)
    if "extract" in counts:
        e = counts["extract"]
        log.info(
            "Open statistics: %s payloads, %s unchanged, %s sources unreachable.",
            e.get("payloads", 0),
            e.get("unchanged", 0),
            e.get("failed_sources", 0),
        )
    if "reports" in counts:
        r = counts["reports"]
        log.info(
            "Report files: %s accepted, %s rejected, %s already received, %s still being written.",
            r.get("accepted", 0),
            r.get("rejected", 0),
            r.get("duplicate", 0),
            r.get("deferred", 0),
        )
    changed = counts.get("changed", {})
    log.info(
        "Indicators changed: %s.",
        ", ".join(f"{k} ({v} values)" for k, v in sorted(changed.items())) or "none",
    )


def readable_run_name() -> str:
    """What the run does, for Prefect's list of runs: mode, region, parts and start time."""
    from prefect.runtime import flow_run

    given = flow_run.parameters or {}
    try:
        settings = _settings_of(given.get("settings"))
    except AsfetlError:  # the run itself will say what is wrong with the settings
        return "asf_pipeline · inställningarna går inte att läsa"
    return headline.run_name(
        sample=bool(given.get("sample", False)),
        region=settings.region,
        statistics=bool(given.get("statistics", True)),
        reports=bool(given.get("reports", True)),
        at=flow_run.scheduled_start_time or datetime.now(UTC),
    )


@flow(
    name="asf_pipeline",
    flow_run_name=readable_run_name,
    log_prints=True,
    on_failure=[notify_failure],
    on_crashed=[notify_failure],
)
def asf_pipeline(
    sample: bool = False,
    statistics: bool = True,
    reports: bool = True,
    network_retries: int | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Run the pipeline once and publish. `sample=True` uses the sample data shipped with asfetl;
    `statistics=False` skips the open statistics, `reports=False` the report inbox. Every run ends
    with transform and publish. `network_retries` (default ASFETL_EXTRACT_RETRIES) retries fetching."""
    quiet_user_errors.install()  # here, not at import: importing the flow changes no logging
    log = get_run_logger()
    settings = settings or load_settings()  # a deployment run reads its settings here, at the edge
    retries = settings.extract_retries if network_retries is None else network_retries
    try:
        run = pipeline.run_pipeline(
            settings,
            sample=sample,
            step=lambda fn: as_task(fn, retries, settings.extract_retry_delay),
            statistics=statistics,
            reports=reports,
        )
    except STOPS:  # the run journal says 'cancelled'; Prefect is told the same
        return Cancelled(
            message="Stopped (SIGTERM or Ctrl-C); the published warehouse is unchanged."
        )
    except Exception as exc:
        create_markdown_artifact(
            markdown=f"# asfetl run failed\n\n{exc}\n\nThe published warehouse is unchanged.\n",
            key=ARTIFACT_KEY,
            description="misslyckad, inget publicerat",
        )
        raise
    create_markdown_artifact(
        markdown=run.summary, key=ARTIFACT_KEY, description=headline.run_description(run)
    )
    _log_run(run, log)
    _after_publish(settings, run, log)
    return run.to_json()
