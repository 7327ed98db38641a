"""The pipeline when something fails: a payload failing validation keeps the previous data, a
rejected or unreachable source does not stop the others, a failed run is recorded by the next,
and sample data never goes into a live warehouse."""

import duckdb
import pytest

from asfetl import paths
from asfetl.errors import AsfetlError
from asfetl.indicators import transform
from asfetl.operations import pipeline
from tests.operations.test_pipeline import KOLADA_ROWS, WITH_SWEDEN, query
from tests.pipeline_helpers import revised_sample, working


def test_a_payload_failing_validation_keeps_the_previous_data(
    settings, sample_run, tmp_path, monkeypatch
):  # after a sample run
    before = query(settings, "select * from mart.indicator_values order by all")
    bad = revised_sample(tmp_path / "bad", 1.0, region_code="0180")  # Stockholm, not in län 18
    monkeypatch.setattr(paths, "sample_data_dir", lambda: bad)
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "partial"
    assert "scb_population" in run.error_message
    assert run.step_counts["validate"] == {"passed": 0, "rejected": 1}
    assert query(settings, "select * from mart.indicator_values order by all") == before
    findings = query(
        settings,
        "select dataset, row_number, column_name, rule, value from ops.validation_findings",
    )
    # 0180 replaced 1885, the last of 14 regions (Sweden first): its 2 sexes × 10 years are
    # rows 261–280
    assert findings == [
        ("scb_population", row, "region_code", "region_in_area_list", "0180")
        for row in range(261, 281)
    ]
    # the same bad payload next time is checked again, not skipped as 'unchanged'
    again = pipeline.run_pipeline(settings, sample=True)
    assert again.status == "partial" and again.step_counts["validate"]["rejected"] == 1


def test_a_rejected_dataset_does_not_stop_the_others(settings, tmp_path, monkeypatch):
    bad = revised_sample(tmp_path / "bad", 1.0, region_code="0180")
    monkeypatch.setattr(paths, "sample_data_dir", lambda: bad)
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "partial"
    # the whole population dataset waits (TAB5557 was fine, but a dataset loads whole or not at all)
    assert run.step_counts["load"] == {"raw.kolada_kpi_values": KOLADA_ROWS}
    counts = dict(
        query(settings, "select indicator_id, count(*) from mart.indicator_values group by 1")
    )
    assert "population" not in counts and counts["economic_assistance_share"] == WITH_SWEDEN * 11


def test_an_unreachable_source_does_not_stop_the_others(settings, monkeypatch):
    from asfetl.sources.kolada import kpi_values

    def unreachable(settings, sample):
        raise AsfetlError("Kolada data failed after 3 attempts in 300 s (last: could not connect)")

    monkeypatch.setattr(kpi_values, "_sample_kpi_values", lambda s: unreachable(s, True))
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "partial" and "Kolada data failed" in run.error_message
    assert run.step_counts["extract"]["failed_sources"] == 1
    assert query(
        settings,
        "select count(*) from mart.indicator_values where indicator_id not like 'asf%' "
        "and source not like '%aktiviteter%'",
    ) == [(WITH_SWEDEN * 11,)]  # the population alone


def test_a_failed_run_is_recorded_by_the_next_successful_one(
    settings, sample_run, monkeypatch
):  # after a sample run

    def broken(con, models=transform.MODELS):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(transform, "run_models", broken)
    with pytest.raises(RuntimeError, match="model exploded"):
        pipeline.run_pipeline(settings, sample=True)
    journal = list(settings.runs_dir.glob("*.json"))
    assert len(journal) == 1 and '"status": "failed"' in journal[0].read_text()
    monkeypatch.undo()
    pipeline.run_pipeline(settings, sample=True)
    statuses = query(settings, "select status, error_message from ops.runs order by started_at")
    assert statuses == [("success", None), ("failed", "model exploded"), ("success", None)]
    assert list(settings.runs_dir.glob("*.json")) == []


def test_sample_data_is_never_loaded_into_a_live_warehouse(
    settings, sample_run
):  # after a sample run
    # pretend a live run built it (a run builds on the working file, which it keeps beside)
    with duckdb.connect(working(settings)) as con:
        con.execute("update mart.build_info set data_mode = 'live'")
    before = settings.warehouse.read_bytes()
    with pytest.raises(AsfetlError, match="holds live data"):
        pipeline.run_pipeline(settings, sample=True)
    assert settings.warehouse.read_bytes() == before
