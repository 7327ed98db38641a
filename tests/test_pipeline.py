"""The pipeline's steps end to end on the sample data, without Prefect."""

import json

import duckdb
import pytest

from asfetl import pipeline, transform
from asfetl.errors import AsfetlError
from asfetl.sources import scb
from tests.pipeline_helpers import revised_sample
from tests.sources.test_scb import PUBLISHED


def query(settings, sql, params=None):
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_sample_run_publishes_population_for_county_and_municipalities(settings):
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "success"
    assert run.step_counts["load"] == {"raw.scb_population": 130}
    assert run.step_counts["transform"]["mart.indicator_values"] == 130
    rows = query(
        settings,
        """select area_code, area_name, area_level, year, value, status, unit, source
           from mart.indicator_values where indicator_id = 'population'""",
    )
    assert len(rows) == 13 * 10
    values = {(r[0], r[3]): r[4] for r in rows}
    for code, (y2023, y2024) in PUBLISHED.items():
        assert values[(code, 2023)] == y2023 and values[(code, 2024)] == y2024
    by_area = {r[0]: r for r in rows}
    assert by_area["18"][1:3] == ("Örebro län", "county")
    assert by_area["1863"][1:3] == ("Hällefors", "municipality")
    assert {r[5] for r in rows} == {"ok"}
    assert {r[6] for r in rows} == {"antal / count"}
    assert {r[7] for r in rows} == {"Källa: SCB, TAB638 (EXEMPELDATA / sample data)"}


def test_the_catalogue_describes_population_in_swedish_and_english(settings):
    pipeline.run_pipeline(settings, sample=True)
    (row,) = query(settings, "select * from mart.indicators where indicator_id = 'population'")
    _, name_sv, name_en, desc_sv, desc_en, _unit, source, *_ = row
    assert (name_sv, name_en, source) == ("Folkmängd", "Population", "Källa: SCB")
    assert "31 december" in desc_sv and "31 December" in desc_en


def test_the_warehouse_records_that_it_holds_sample_data(settings):
    run = pipeline.run_pipeline(settings, sample=True)
    assert query(settings, "select run_id, data_mode, region_code from mart.build_info") == [
        (run.run_id, "sample", "18")
    ]
    assert query(settings, "select is_sample from raw.payloads") == [(True,)]
    (mode,) = query(settings, "select mode from ops.runs")[0]
    assert mode == "sample"


def test_rerun_with_unchanged_payload_loads_nothing_and_changes_no_value(settings):
    first = pipeline.run_pipeline(settings, sample=True)
    before = query(settings, "select * from mart.indicator_values order by all")
    second = pipeline.run_pipeline(settings, sample=True)
    assert second.step_counts["extract"] == {"payloads": 1, "unchanged": 1}
    assert second.step_counts.get("load", {}) == {}
    assert query(settings, "select * from mart.indicator_values order by all") == before
    runs = query(settings, "select run_id, status, step_counts from ops.runs order by started_at")
    assert [(r[0], r[1]) for r in runs] == [(first.run_id, "success"), (second.run_id, "success")]
    assert json.loads(runs[0][2])["load"] == {"raw.scb_population": 130}
    assert query(settings, "select unchanged from raw.payloads order by fetched_at") == [
        (False,),
        (True,),
    ]


def test_a_revised_payload_replaces_values_without_duplicates(settings, tmp_path, monkeypatch):
    pipeline.run_pipeline(settings, sample=True)
    monkeypatch.setattr(scb, "sample_data_dir", lambda: revised_sample(tmp_path / "rev", 1.01))
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.step_counts["load"] == {"raw.scb_population": 130}
    (count, county_2023) = query(
        settings,
        """select count(*), max(value) filter (where area_code = '18' and year = 2023)
           from mart.indicator_values""",
    )[0]
    assert count == 130 and county_2023 == round(308116 * 1.01)


def test_a_payload_failing_validation_keeps_the_previous_data(settings, tmp_path, monkeypatch):
    pipeline.run_pipeline(settings, sample=True)
    before = query(settings, "select * from mart.indicator_values order by all")
    bad = revised_sample(tmp_path / "bad", 1.0, region_code="0180")  # Stockholm, not in län 18
    monkeypatch.setattr(scb, "sample_data_dir", lambda: bad)
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "partial"
    assert run.step_counts["validate"] == {"passed": 0, "rejected": 1}
    assert query(settings, "select * from mart.indicator_values order by all") == before
    findings = query(
        settings,
        "select dataset, row_number, column_name, rule, value from ops.validation_findings",
    )
    # 0180 replaced 1885, the last region: its 10 years are rows 121–130 of the tidy frame
    assert findings == [
        ("scb_population", row, "region_code", "region_in_area_list", "0180")
        for row in range(121, 131)
    ]


def test_a_failed_run_is_recorded_by_the_next_successful_one(settings, monkeypatch):
    pipeline.run_pipeline(settings, sample=True)

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


def test_sample_data_is_never_loaded_into_a_live_warehouse(settings):
    pipeline.run_pipeline(settings, sample=True)
    with duckdb.connect(str(settings.warehouse)) as con:  # pretend a live run published it
        con.execute("update mart.build_info set data_mode = 'live'")
    before = settings.warehouse.read_bytes()
    with pytest.raises(AsfetlError, match="holds live data"):
        pipeline.run_pipeline(settings, sample=True)
    assert settings.warehouse.read_bytes() == before
