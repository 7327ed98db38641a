"""Runs a GX suite (a source's, or a report suite in expectations/) on a frame; returns findings."""

import json
import logging
import os
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from asfetl.findings import Finding
from asfetl.paths import expectations_dir

ROW_ID = "row_id"
Suite = str | Path  # a report suite by name (expectations/<name>.json), or a source's suite file


def preload() -> None:
    """Import GX now (e.g. while waiting for something else) rather than at the first suite."""
    _gx_context()


@cache
def _gx_context():
    # GX is slow to import (~3 s) and chatty: import it only when a suite actually runs. Its
    # telemetry is switched off here, where GX is first imported, not when asfetl is imported.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)  # after GX set up its own
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    batch = (
        context.data_sources.add_pandas("frames")
        .add_dataframe_asset("frame")
        .add_batch_definition_whole_dataframe("whole_frame")
    )
    return gx, context, batch


@cache
def _definition(path: Path) -> Any:
    """The suite's GX validation definition, registered once per process (each registration
    costs GX tens of milliseconds; the suites are files that do not change while we run)."""
    gx, context, batch = _gx_context()
    suite = context.suites.add_or_update(gx.ExpectationSuite(**load_suite_json(path)))
    return context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite.name, data=batch, suite=suite)
    )


def suite_path(suite: Suite) -> Path:
    """A source's suite is the file its declaration names; a report suite is in expectations/."""
    return suite if isinstance(suite, Path) else expectations_dir() / f"{suite}.json"


def load_suite_json(suite: Suite) -> dict[str, Any]:
    return json.loads(suite_path(suite).read_text(encoding="utf-8"))


def _plain(value: Any) -> str | None:
    """GX hands back numpy scalars and NaN: turn them into text fit for a table or a message."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return str(value)


def validate_frame(
    frame: pd.DataFrame,
    suite: Suite,
    *,
    file: str,
    parameters: dict[str, Any] | None = None,
    file_column: str | None = None,
) -> list[Finding]:
    """Validate `frame` with `suite` (see suite_path); an empty list means it passed. Findings
    name the suite (its JSON's "name") as their dataset.

    Rows are numbered from 1 in the frame's order (the submitter's row numbers are added by the
    caller's frame when it has them, in a `row_id` column). Frames of several files can be checked
    in one run (GX costs per call, not per row): `file_column` then names each row's file.
    """
    checked = frame.copy()
    if ROW_ID not in checked:
        checked.insert(0, ROW_ID, range(1, len(checked) + 1))
    definition = _definition(suite_path(suite))
    suite_name = definition.suite.name
    result = definition.run(
        batch_parameters={"dataframe": checked},
        expectation_parameters=parameters or {},
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": [ROW_ID, *([file_column] if file_column else [])],
        },
    )
    findings: list[Finding] = []
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        meta = config.meta or {}
        rule = meta.get("rule", config.type)
        message = meta.get("message", config.type.replace("_", " "))
        message_sv = meta.get("message_sv")
        severity = meta.get("severity", "error")
        columns = (
            meta.get("columns")  # a rule on derived columns names the columns the user knows
            or config.kwargs.get("column")
            or ", ".join(config.kwargs.get("column_list", []))
        )
        if outcome.exception_info and outcome.exception_info.get("raised_exception"):
            detail = outcome.exception_info.get("exception_message", "")
            findings.append(
                Finding(
                    suite_name,
                    file,
                    None,
                    columns or None,
                    rule,
                    None,
                    f"{message}: {detail}",
                    severity,
                    message_sv,
                )
            )
            continue
        unexpected = outcome.result.get("unexpected_index_list") or []
        if not unexpected:  # a table-level rule (columns present, row count, …)
            observed = outcome.result.get("observed_value")
            findings.append(
                Finding(
                    suite_name,
                    file,
                    None,
                    columns or None,
                    rule,
                    _plain(observed),
                    message,
                    severity,
                    message_sv,
                )
            )
            continue
        for hit in unexpected:
            value_columns = [k for k in hit if k not in (ROW_ID, file_column)]
            value = ", ".join(str(_plain(hit[k])) for k in value_columns) if value_columns else None
            findings.append(
                Finding(
                    suite_name,
                    str(_plain(hit[file_column])) if file_column else file,
                    int(hit[ROW_ID]),
                    columns or None,
                    rule,
                    value,
                    message,
                    severity,
                    message_sv,
                )
            )
    return findings


def record_findings(con: Any, findings: list[Finding], run_id: str) -> None:
    """Append findings to ops.validation_findings (in the run's build of the warehouse)."""
    if not findings:
        return
    rows = pd.DataFrame([f.as_dict() for f in findings]).rename(
        columns={"row": "row_number", "column": "column_name"}
    )
    rows["run_id"] = run_id
    rows["found_at"] = datetime.now(UTC)
    con.register("found_rows", rows)
    try:
        con.execute("insert into ops.validation_findings by name select * from found_rows")
    finally:
        con.unregister("found_rows")
