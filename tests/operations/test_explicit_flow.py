"""The steps hand their results to each other: names come from the declarations, decisions from
values passed in, never from the run's telemetry; importing the pipeline or the flow changes
nothing in the process."""

import dataclasses
import os
import subprocess
import sys
import textwrap

import pytest

from asfetl import sources
from asfetl.operations import pipeline
from asfetl.operations.freshness import expected_sources
from asfetl.operations.statistics import extract
from asfetl.payload import Payload
from asfetl.settings import load_settings
from tests.operations.test_pipeline import query


def test_extract_names_each_payload_as_its_dataset_is_declared(settings):
    (dataset, *_) = sources.datasets()
    odd = Payload("elsewhere", "something", "odd/1", "GET", "http://x", None, b"{}")
    misnamed = dataclasses.replace(dataset, fetch=lambda settings, sample: [odd])
    unpublished = pytest.raises(RuntimeError, match="before its publish step")
    with unpublished, pipeline.pipeline_run(settings, sample=True) as ctx:
        extracted = extract(ctx, [misnamed])
        (landed,) = extracted.landed
        assert extracted.errors == []
        named = (landed.landed.payload.source, landed.landed.payload.dataset)
        assert named == (dataset.source, dataset.name)
        row = ctx.con.execute("select source, dataset from raw.payloads").fetchall()
        assert row == [named]


def test_whether_models_run_is_decided_from_the_changes_passed_not_from_telemetry(
    settings, sample_run
):  # after a sample run
    unpublished = pytest.raises(RuntimeError, match="before its publish step")
    with unpublished, pipeline.pipeline_run(settings, sample=True) as ctx:
        ctx.count("load", **{"raw.some_table": 99})  # telemetry says rows were loaded
        ctx.count("reports", accepted=5)
        assert pipeline.transform_models(ctx, pipeline.Changes()) is False
        assert ctx.run.step_counts["transform"]["skipped"] == 1
        for changed in (
            pipeline.Changes(rows_loaded=1),
            pipeline.Changes(reports_accepted=1),
            pipeline.Changes(migrations_applied=1),
        ):
            assert pipeline.transform_models(ctx, changed) is True


def test_the_freshness_mart_and_asfetl_status_use_the_declared_names(
    settings, sample_run
):  # after a sample run
    fetched = {(d.source, d.name) for d in sources.datasets()}
    assert fetched | {(sources.INBOX.source, sources.INBOX.dataset)} == set(
        expected_sources(settings)
    )
    in_mart = query(settings, "select source, dataset from mart.source_freshness")
    # and the metadata the contract watch reads (a sample ships Kolada's, not SCB's)
    watched = {(s.name, s.contract.dataset) for s in sources.SOURCES if s.contract}
    assert ("kolada", "kpi_metadata") in set(in_mart)
    datasets = {row for row in in_mart if row[0] != sources.INBOX.source and row not in watched}
    assert datasets == fetched


def test_importing_the_pipeline_and_the_flow_sets_no_variable_and_installs_no_filter():
    code = textwrap.dedent(
        """
        import logging, os
        import asfetl.validation, asfetl.operations.pipeline, flows.asf_pipeline
        from flows.quiet_user_errors import PREFECT_RUN_LOGGERS
        assert "GX_ANALYTICS_ENABLED" not in os.environ, "set at import"
        filters = [f for n in PREFECT_RUN_LOGGERS for f in logging.getLogger(n).filters]
        assert filters == [], filters
        print("clean")
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "GX_ANALYTICS_ENABLED"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == "clean", result.stderr


# --- cadences: each source declares its default; ASFETL_<SOURCE>_CADENCE_DAYS overrides it ---


def test_cadences_default_to_the_declarations(settings):
    declared = {(w.source, w.dataset): w.cadence_days for w in sources.watched()}
    assert expected_sources(settings) == declared
    assert settings.cadence_days == {}


def test_each_declared_source_has_its_cadence_variable(monkeypatch):
    for number, name in enumerate(sources.cadence_names(), 2):
        monkeypatch.setenv(f"ASFETL_{name.upper()}_CADENCE_DAYS", str(number))
    settings = load_settings()
    assert settings.cadence_days == {"scb": 2, "kolada": 3, "reports": 4}
    assert expected_sources(settings) == {
        ("scb", "population"): 2,
        ("kolada", "kpi_values"): 3,
        ("reports", "inbox"): 4,
    }


def test_cadences_in_asfetl_toml_yield_to_the_environment(tmp_path, monkeypatch):
    (tmp_path / "asfetl.toml").write_text(
        "scb_cadence_days = 5\nkolada_cadence_days = 6\n", encoding="utf-8"
    )
    monkeypatch.setenv("ASFETL_KOLADA_CADENCE_DAYS", "3")
    assert load_settings().cadence_days == {"scb": 5, "kolada": 3}
    assert load_settings(scb_cadence_days=0.5).cadence_days == {"scb": 0.5, "kolada": 3}


def test_a_bad_or_unknown_cadence_is_one_sentence(tmp_path, monkeypatch):
    from asfetl.errors import SettingsError

    monkeypatch.setenv("ASFETL_REPORTS_CADENCE_DAYS", "0")
    with pytest.raises(SettingsError, match=r"^ASFETL_REPORTS_CADENCE_DAYS='0' must be .* than 0"):
        load_settings()
    monkeypatch.delenv("ASFETL_REPORTS_CADENCE_DAYS")
    (tmp_path / "asfetl.toml").write_text("sbc_cadence_days = 7\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="Unknown setting 'sbc_cadence_days'") as caught:
        load_settings()
    known = str(caught.value).split("known settings: ")[1]
    assert {"scb_cadence_days", "kolada_cadence_days", "reports_cadence_days"} <= set(
        known.rstrip(".").split(", ")
    )
