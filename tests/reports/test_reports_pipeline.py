"""Enterprise reports through the whole pipeline: inbox → decisions → published → filed away."""

import json

import duckdb
import pytest

from asfetl.operations import pipeline
from tests.pipeline_helpers import working
from tests.reports.report_files import valid_rows, write_csv


def query(settings, sql):
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def query_working(settings, sql):
    """The private working file: the reports' rows are never in the published one."""
    with duckdb.connect(working(settings), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_inbox_files_are_decided_loaded_published_and_filed(served_settings):
    settings = served_settings
    settings.inbox.mkdir(parents=True)
    rows = valid_rows(4, years=(2023, 2024))
    write_csv(settings.inbox / "good.csv", rows)
    bad = valid_rows(1)
    bad[0]["anstallda_malgrupp"] = bad[0]["anstallda_totalt"] + 1
    write_csv(settings.inbox / "bad.csv", bad)
    run = pipeline.run_pipeline(settings, sample=False)
    assert (
        run.status == "success"
    )  # a rejected report file is the submitter's problem, not the run's
    reports = run.step_counts["reports"]
    assert (reports["accepted"], reports["rejected"], reports["rows"]) == (1, 1, 8)
    assert query_working(settings, "select count(*) from raw.enterprise_reports") == [(8,)]
    assert query_working(
        settings, "select count(*) from intermediate.int_reports__current_reports"
    ) == [(8,)]
    assert query(settings, "select count(distinct organisationsnummer) from mart.enterprises") == [
        (4,)
    ]
    assert list(settings.inbox.iterdir()) == []
    warehouse_dir = settings.warehouse_dir
    assert len(list((warehouse_dir / "accepted").rglob("*good.csv"))) == 1
    (feedback,) = (warehouse_dir / "rejected").rglob("*bad.csv.feedback.txt")
    assert "target_group_within_employees" in feedback.read_text(encoding="utf-8")
    assert "rejected `bad.csv`" in run.summary and "| 2 | 1 | 1 | 0 | 0 | 0 |" in run.summary
    findings = query(
        settings,
        "select dataset, file, row_number, column_name, rule, message_sv is not null "
        "from ops.validation_findings where dataset = 'enterprise_report'",
    )
    assert findings == [
        (
            "enterprise_report",
            "bad.csv",
            2,
            "anstallda_malgrupp",
            "target_group_within_employees",
            True,
        )
    ]
    (counts,) = query(settings, f"select step_counts from ops.runs where run_id = '{run.run_id}'")
    assert json.loads(counts[0])["reports"]["rejected"] == 1


def test_a_failed_run_leaves_report_files_in_the_inbox(served_settings, monkeypatch):
    from asfetl.indicators import transform

    settings = served_settings
    settings.inbox.mkdir(parents=True)
    write_csv(settings.inbox / "good.csv", valid_rows(2))

    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(transform, "run_models", broken)
    with pytest.raises(RuntimeError, match="model exploded"):
        pipeline.run_pipeline(settings, sample=False)
    assert [p.name for p in settings.inbox.iterdir()] == ["good.csv"]  # nothing lost
    assert not settings.warehouse.exists()


def test_enterprise_master_keeps_changes_over_time(served_settings):
    settings = served_settings
    settings.inbox.mkdir(parents=True)
    rows = valid_rows(1, years=(2022, 2023, 2024))
    rows[2]["foretagsnamn"] = rows[2]["foretagsnamn"] + " (nytt namn)"
    write_csv(settings.inbox / "history.csv", rows)
    pipeline.run_pipeline(settings, sample=False)
    versions = query(
        settings,
        "select foretagsnamn, valid_from_year, valid_to_year from mart.enterprises order by 2",
    )
    assert versions == [
        (rows[0]["foretagsnamn"], 2022, 2023),
        (rows[2]["foretagsnamn"], 2024, None),
    ]


def test_sample_run_takes_in_the_sample_reports(settings):
    run = pipeline.run_pipeline(settings, sample=True)
    reports = run.step_counts["reports"]
    files = pipeline.SAMPLE_REPORT_FILES + 2  # and two activity follow-up files
    assert reports["files"] == files and reports["rejected"] == 0
    # 24 enterprises × 3 years; follow-ups of 18 activities in 2022 and 2023, and of the 16 not
    # completed in 2023 (A05 and A06 end then) in 2024
    assert reports["rows"] == 24 * 3 + 18 + 18 + 16 and reports["activity_rows"] == 52
    again = pipeline.run_pipeline(settings, sample=True)
    assert again.step_counts["reports"]["duplicate"] == files
    assert query_working(settings, "select count(*) from raw.enterprise_reports") == [(72,)]
    assert query_working(settings, "select bool_and(is_sample) from raw.enterprise_reports") == [
        (True,)
    ]


def test_status_lists_the_rejected_report_findings(served_settings):
    from asfetl.operations import status as run_status

    settings = served_settings
    settings.inbox.mkdir(parents=True)
    bad = valid_rows(1)
    bad[0]["kommunkod"] = "0180"
    write_csv(settings.inbox / "bad.csv", bad)
    pipeline.run_pipeline(settings, sample=False)
    status = run_status.status(settings)
    assert list(
        status.findings[["file", "row_number", "rule"]].itertuples(index=False, name=None)
    ) == [("bad.csv", 2, "municipality_in_region")]
