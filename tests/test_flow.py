"""The Prefect flow, run in-process against one session-wide temporary Prefect server."""

import duckdb
import pytest

from tests.sources.test_scb import PUBLISHED


@pytest.fixture(scope="module")
def flow_api(prefect_api):
    return prefect_api


def test_asf_pipeline_flow_runs_every_step_as_a_task(flow_api, settings):
    from prefect import get_client

    from flows.asf_pipeline import asf_pipeline

    state = asf_pipeline(sample=True, settings=settings, return_state=True)
    assert state.is_completed()
    run = state.result()
    assert run["status"] == "success" and run["mode"] == "sample"
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        value = con.execute(
            "select value from mart.indicator_values where area_code = '1880' and year = 2024"
        ).fetchone()[0]
    assert value == PUBLISHED["1880"][1]

    import asyncio

    async def task_names():
        async with get_client() as client:
            task_runs = await client.read_task_runs()
        return {
            t.name.rsplit("-", 1)[0]
            for t in task_runs
            if t.flow_run_id == state.state_details.flow_run_id
        }

    assert asyncio.run(task_names()) == {
        "extract",
        "parse",
        "validate",
        "load",
        "intake-reports",
        "transform",
        "publish",
    }


def test_each_run_leaves_a_markdown_artifact_for_operators(flow_api, settings):
    import asyncio

    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.asf_pipeline import asf_pipeline

    state = asf_pipeline(sample=True, settings=settings, return_state=True)
    flow_run_id = state.state_details.flow_run_id

    async def artifacts():
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["asf-pipeline-run"]))
            )
        return [a for a in found if a.flow_run_id == flow_run_id]

    (artifact,) = asyncio.run(artifacts())
    assert artifact.type == "markdown"
    assert "## Enterprise reports" in artifact.data and "| 6 | 6 | 0 | 0 | 0 | 0 |" in artifact.data
    assert "Indicator values published: 1131." in artifact.data


def test_a_failing_step_fails_the_flow_and_publishes_nothing(flow_api, settings, monkeypatch):
    from asfetl import transform
    from flows.asf_pipeline import asf_pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(transform, "run_models", broken)
    state = asf_pipeline(sample=True, settings=settings, return_state=True)
    assert state.is_failed()
    assert not settings.warehouse.exists()
