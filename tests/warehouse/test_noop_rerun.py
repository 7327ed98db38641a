"""A run in which nothing changed upstream rewrites no rows; any change rebuilds the models."""

import duckdb

from asfetl.operations import pipeline
from asfetl.indicators import transform
from tests.reports.report_files import valid_rows, write_csv

ONLY_FRESHNESS = "mart.source_freshness"  # when each source was last checked: always refreshed


def mart_checksums(settings) -> dict[str, tuple]:
    """Row count and an order-independent checksum of every published mart table."""
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'mart' "
                "and table_name <> 'build_info' order by 1"
            ).fetchall()
        ]
        return {
            f"mart.{t}": con.execute(
                f"select count(*), sum(hash(columns(*))) from mart.{t} as x"
            ).fetchone()
            for t in tables
        }


def freshness(settings) -> dict:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return dict(
            con.execute("select dataset, last_checked from mart.source_freshness").fetchall()
        )


def test_a_rerun_with_nothing_new_rewrites_no_mart_row(settings):
    first = pipeline.run_pipeline(settings, sample=True)
    assert "skipped" not in first.step_counts["transform"]
    before, checked = mart_checksums(settings), freshness(settings)

    again = pipeline.run_pipeline(settings, sample=True)
    assert again.status == "success"
    # population, KPI values, Kolada's KPI metadata and the two kinds of reports
    assert again.step_counts["transform"] == {"skipped": 1, ONLY_FRESHNESS: 5}
    assert again.step_counts["published"] == first.step_counts["published"]
    assert sum(again.step_counts.get("load", {}).values()) == 0
    assert again.step_counts["reports"]["duplicate"] == again.step_counts["reports"]["files"]
    after = mart_checksums(settings)
    assert {t: v for t, v in after.items() if t != ONLY_FRESHNESS} == {
        t: v for t, v in before.items() if t != ONLY_FRESHNESS
    }
    # the sources were checked again, so their freshness moved on
    now = freshness(settings)
    assert now["population"] > checked["population"]
    assert now["kpi_values"] > checked["kpi_values"]


def test_changed_sql_or_seeds_rebuild_everything(settings, sample_run, monkeypatch):  # after a sample run
    real = transform.inputs_fingerprint
    monkeypatch.setattr(transform, "inputs_fingerprint", lambda *a: "x" + real(*a))
    again = pipeline.run_pipeline(settings, sample=True)
    assert "skipped" not in again.step_counts["transform"]
    assert again.step_counts["transform"]["mart.indicator_values"] > 0


def test_a_new_report_rebuilds_the_indicators(settings, sample_run):  # after a sample run
    before = mart_checksums(settings)
    sample_inbox = settings.warehouse_dir / "sample_inbox"
    write_csv(sample_inbox / "late.csv", valid_rows(1, years=(2021,)))
    again = pipeline.run_pipeline(settings, sample=True)
    assert again.step_counts["reports"]["accepted"] == 1
    assert "skipped" not in again.step_counts["transform"]
    assert mart_checksums(settings)["mart.indicator_values"] != before["mart.indicator_values"]
