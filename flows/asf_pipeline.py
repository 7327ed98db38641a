"""The `asf_pipeline` flow: extract → validate → load → transform → publish, each step a task."""

from collections.abc import Callable
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from asfetl import pipeline
from asfetl.settings import Settings, load_settings
from flows import quiet_user_errors

quiet_user_errors.install()

STEP_NAMES = {
    "extract": "extract",
    "parse": "parse",
    "validate": "validate",
    "load": "load",
    "intake_reports": "intake-reports",
    "transform_models": "transform",
    "publish": "publish",
}


def as_task(step: Callable[..., Any]) -> Callable[..., Any]:
    # The steps share a DuckDB connection and frames, which cannot be hashed: never cache them.
    return task(step, name=STEP_NAMES[step.__name__], cache_policy=NO_CACHE)


@flow(name="asf_pipeline", log_prints=True)
def asf_pipeline(sample: bool = False, settings: Settings | None = None) -> dict[str, Any]:
    """Run the whole pipeline once; `sample=True` uses the sample data shipped with asfetl."""
    settings = settings or load_settings()  # a deployment run reads its settings here, at the edge
    run = pipeline.run_pipeline(settings, sample=sample, step=as_task)
    create_markdown_artifact(markdown=run.summary, key="asf-pipeline-run", description=run.status)
    return run.to_json()
