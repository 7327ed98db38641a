"""The Prefect flow, run in-process against one session-wide temporary Prefect server:
tasks, retries of the network step only, the run's artifact, and notifications."""

import asyncio
import dataclasses
import json
import re

import duckdb
import pytest

from asfetl import sources
from asfetl.errors import AsfetlError, SourcesUnreachableError
from asfetl.operations import pipeline
from tests.http_server import LocalServer, Reply
from tests.sources.test_scb import PUBLISHED


@pytest.fixture(scope="module")
def flow_api(prefect_api):
    return prefect_api


@pytest.fixture
def receiver():
    """A local webhook receiver: every notification it gets is in `receiver.seen`."""
    with LocalServer() as server:
        server.routes["/hook"] = Reply(200, b"ok", {"Content-Type": "text/plain"})
        server.hook = f"{server.url}/hook"
        yield server


def notifications(server: LocalServer) -> list[dict]:
    return [json.loads(seen.body) for seen in server.seen if seen.path == "/hook"]


def artifact_of(state) -> str:
    return the_artifact(state).data


def the_artifact(state):
    from prefect import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        ArtifactFilterKey,
    )

    flow_run_id = state.state_details.flow_run_id

    async def artifacts():  # this run's only: the server is the whole session's
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    key=ArtifactFilterKey(any_=["asf-pipeline-run"]),
                    flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]),
                )
            )

    (artifact,) = asyncio.run(artifacts())
    assert artifact.type == "markdown"
    return artifact


def flow_run_name(state) -> str:
    from prefect import get_client

    async def read():
        async with get_client() as client:
            return await client.read_flow_run(state.state_details.flow_run_id)

    return asyncio.run(read()).name


def flaky_datasets(monkeypatch, error: Exception, failures: int) -> dict[str, int]:
    """Make every dataset's fetch fail `failures` times with `error`, then work (sample data)."""
    calls: dict[str, int] = {}

    def flaky(dataset):
        def fetch(settings, sample):
            calls[dataset.suite] = calls.get(dataset.suite, 0) + 1
            if calls[dataset.suite] <= failures:
                raise error
            return dataset.fetch(settings, sample)

        return dataclasses.replace(dataset, fetch=fetch)

    flaky_ones = [flaky(d) for d in sources.datasets()]
    monkeypatch.setattr(sources, "datasets", lambda: flaky_ones)
    return calls


def test_asf_pipeline_flow_runs_every_step_as_a_task(flow_api, settings):
    from prefect import get_client

    from flows.asf_pipeline import asf_pipeline

    state = asf_pipeline(sample=True, settings=settings, return_state=True)
    assert state.is_completed()
    run = state.result()
    assert run["status"] == "success" and run["mode"] == "sample"
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        value = con.execute(
            "select value from mart.indicator_values where indicator_id = 'population' "
            "and area_code = '1880' and year = 2024"
        ).fetchone()[0]
    assert value == PUBLISHED["1880"][1]

    async def task_names():  # this run's only: the server is the whole session's
        from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

        ours = FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        async with get_client() as client:
            task_runs = await client.read_task_runs(flow_run_filter=ours)
        return {t.name.rsplit("-", 1)[0] for t in task_runs}

    assert asyncio.run(task_names()) == {
        "extract",
        "parse",
        "validate",
        "load",
        "watch-sources",
        "intake-reports",
        "transform",
        "publish",
    }


def test_each_run_leaves_a_markdown_artifact_for_operators(flow_api, settings):
    from flows.asf_pipeline import asf_pipeline

    state = asf_pipeline(sample=True, settings=settings, return_state=True)
    data = artifact_of(state)
    assert "| scb_population | 2 | 0 | refreshed |" in data
    assert "| kolada_kpi_values | 1 | 0 | refreshed |" in data
    files = re.search(r"\| (\d+) \| (\d+) \| 0 \| 0 \| 0 \| 0 \|", data)
    assert "## Enterprise reports" in data and files and files[1] == files[2] != "0"
    assert "- accepted `" in data
    published = int(re.search(r"Indicator values published: (\d+)\.", data)[1])
    assert published > 1000
    # every value is new in a new warehouse: 14 areas (Sweden beside the county) × 11 years
    assert "| population | 154 |" in data

    # an operator reads what each run was and did from the list of runs
    assert re.fullmatch(
        r"exempeldata · Örebro län · statistik och rapporter · \d{4}-\d\d-\d\d \d\d:\d\d CES?T",
        flow_run_name(state),
    ), flow_run_name(state)
    first = the_artifact(state).description
    assert re.fullmatch(r"publicerad · (\d+) filer godkända · (\d+) indikatorer ändrade", first)

    second = asf_pipeline(sample=True, settings=settings, return_state=True)
    again = artifact_of(second)
    assert the_artifact(second).description == "publicerad · inga värden ändrade"
    assert "| scb_population | 2 | 2 | unchanged |" in again
    assert "| kolada_kpi_values | 1 | 1 | unchanged |" in again
    assert f"Indicator values published: {published}." in again
    assert "No indicator value changed." in again


def test_a_reports_only_run_lists_rejected_files_with_their_feedback_and_flags_stale_sources(
    flow_api, settings, receiver
):
    from flows.asf_pipeline import asf_pipeline

    settings = settings.model_copy(update={"inbox_settle_seconds": 0, "notify_url": receiver.hook})
    settings.inbox.mkdir(parents=True)
    (settings.inbox / "broken.csv").write_text("this is not a report\n1;2;3\n", encoding="utf-8")

    state = asf_pipeline(statistics=False, settings=settings, return_state=True)
    assert state.is_completed()
    data = artifact_of(state)
    assert the_artifact(state).description.startswith("publicerad · 1 fil avvisad")
    assert " · rapporter · " in flow_run_name(state)
    assert "## Open statistics\n\nNot part of this run." in data
    feedback = re.search(r"- rejected `broken.csv`: \d+ errors, feedback in `([^`]+)`", data)
    assert feedback, data
    assert feedback[1].startswith(str(settings.warehouse_dir / "rejected"))
    assert (settings.warehouse_dir / feedback[1]).is_file()  # filed after publishing

    # SCB and Kolada have never been refreshed in this warehouse: one notification for both
    (stale,) = notifications(receiver)
    assert stale["event"] == "sources_stale"
    assert [s["source"] for s in stale["sources"]] == ["scb", "kolada"]
    assert "scb/population has never been refreshed" in stale["text"]


def test_extract_is_retried_when_no_source_answers(flow_api, settings, monkeypatch):
    from flows.asf_pipeline import asf_pipeline

    settings = settings.model_copy(update={"extract_retry_delay": 0})
    calls = flaky_datasets(monkeypatch, AsfetlError("SCB did not answer"), failures=1)
    state = asf_pipeline(sample=True, network_retries=2, settings=settings, return_state=True)
    assert state.is_completed()
    assert calls == {"scb_population": 2, "kolada_kpi_values": 2}  # one retry was enough
    assert state.result()["status"] == "success"


def test_unreachable_sources_fail_the_run_after_the_retries(flow_api, settings, monkeypatch):
    from flows.asf_pipeline import asf_pipeline

    settings = settings.model_copy(update={"extract_retry_delay": 0})
    calls = flaky_datasets(monkeypatch, AsfetlError("SCB did not answer"), failures=99)
    state = asf_pipeline(sample=True, network_retries=2, settings=settings, return_state=True)
    assert state.is_failed()
    assert calls == {"scb_population": 3, "kolada_kpi_values": 3}  # first try + 2 retries
    assert not settings.warehouse.exists()


def test_other_errors_in_extract_are_not_retried(flow_api, settings, monkeypatch):
    from flows.asf_pipeline import asf_pipeline

    calls = flaky_datasets(monkeypatch, KeyError("a bug"), failures=99)
    state = asf_pipeline(sample=True, network_retries=2, settings=settings, return_state=True)
    assert state.is_failed()
    assert calls == {"scb_population": 1}  # a bug fails the same way again: no retry


def test_only_the_network_step_has_retries():
    from flows.asf_pipeline import as_task, retry_only_network_errors

    steps = [
        pipeline.extract,
        pipeline.parse,
        pipeline.validate,
        pipeline.load,
        pipeline.intake_reports,
        pipeline.transform_models,
        pipeline.publish,
    ]
    retries = {step.__name__: as_task(step, retries=2, retry_delay=60).retries for step in steps}
    assert retries == {name: (2 if name == "extract" else 0) for name in retries}
    extract = as_task(pipeline.extract, retries=2, retry_delay=60)
    assert extract.retry_delay_seconds == [60, 120]  # exponential backoff
    assert extract.retry_condition_fn is retry_only_network_errors
    assert issubclass(SourcesUnreachableError, AsfetlError)


def test_a_partial_run_is_not_retried_and_notifies(flow_api, settings, monkeypatch, receiver):
    """A payload that fails validation keeps its dataset's previous data; no step retries it."""
    from asfetl import paths
    from flows.asf_pipeline import asf_pipeline
    from tests.pipeline_helpers import revised_sample

    revised = revised_sample(settings.warehouse_dir.parent / "bad", region_code="9999")
    monkeypatch.setattr(paths, "sample_data_dir", lambda: revised)
    settings = settings.model_copy(update={"notify_url": receiver.hook})
    calls = flaky_datasets(monkeypatch, AsfetlError("unused"), failures=0)

    state = asf_pipeline(sample=True, network_retries=2, settings=settings, return_state=True)
    assert state.is_completed()
    run = state.result()
    assert run["status"] == "partial" and "scb_population" in run["error_message"]
    assert calls == {"scb_population": 1, "kolada_kpi_values": 1}
    # the rejected dataset was not refreshed: its source counts as never refreshed, so stale
    assert [n["event"] for n in notifications(receiver)] == ["run_partial", "sources_stale"]
    assert "**rejected by validation**" in artifact_of(state)


def test_a_failing_step_fails_the_flow_and_publishes_nothing(flow_api, settings, monkeypatch):
    from asfetl.indicators import transform
    from flows.asf_pipeline import asf_pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(transform, "run_models", broken)
    state = asf_pipeline(sample=True, settings=settings, return_state=True)
    assert state.is_failed()
    assert not settings.warehouse.exists()
    assert "model exploded" in artifact_of(state)


def test_a_failed_run_calls_the_webhook_once(flow_api, settings, monkeypatch, receiver):
    from asfetl.indicators import transform
    from flows.asf_pipeline import asf_pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(transform, "run_models", broken)
    settings = settings.model_copy(update={"notify_url": receiver.hook})
    state = asf_pipeline(sample=True, settings=settings, return_state=True)
    assert state.is_failed()
    (sent,) = notifications(receiver)
    assert sent["event"] == "run_failed" and "model exploded" in sent["text"]
    assert sent["warehouse"] == str(settings.warehouse)
    assert sent["parameters"]["sample"] is True and "settings" not in sent["parameters"]


def test_a_receiver_that_is_down_never_fails_the_run(flow_api, settings):
    from flows.asf_pipeline import asf_pipeline

    # stale on purpose (cadence shorter than a run), so the run tries to notify a dead receiver
    settings = settings.model_copy(
        update={
            "notify_url": "http://127.0.0.1:9/hook",
            "cadence_days": {"scb": 1e-9},
            "stale_grace_days": 1e-9,
        }
    )
    state = asf_pipeline(sample=True, settings=settings, return_state=True)
    assert state.is_completed() and state.result()["status"] == "success"
