"""A warehouse of the single-file layout (every schema in the published file) is split on the first
run of this version into the published file and the private working file, losing nothing."""

import lzma
import shutil
from pathlib import Path

import duckdb
import pytest

from asfetl.errors import AsfetlError
from asfetl.operations import pipeline
from tests.conftest import FIXTURES
from tests.pipeline_helpers import working

OLD = FIXTURES / "warehouse" / "single_file_layout.duckdb.xz"  # see its README.md
# (raw.scb_population is upserted: the run puts the sample's original values back, and the
# revised ones it replaces are the new rows of raw.revisions)
KEPT = ("raw.revisions", "raw.payloads", "raw.enterprise_reports", "ops.runs",
        "ops.transform_state", "ops.report_files", "ops.validation_findings")  # fmt: skip


@pytest.fixture
def old_layout(settings, tmp_path) -> Path:
    settings.warehouse.parent.mkdir(parents=True)
    settings.warehouse.write_bytes(lzma.decompress(OLD.read_bytes()))
    keep = tmp_path / "as_it_was.duckdb"
    shutil.copy(settings.warehouse, keep)
    return keep


def missing_rows(before: Path, after: str, table: str) -> int:
    """Rows of `table` in `before` that `after` no longer holds."""
    with duckdb.connect(after, read_only=True) as con:
        con.execute(f"attach '{before}' as before (read_only)")
        return con.execute(
            f"select count(*) from (select * from before.{table} except all select * from {table})"
        ).fetchone()[0]


def count(path, table: str) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"select count(*) from {table}").fetchone()[0]


def revisions_by_table(path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        found = dict(
            con.execute("select raw_table, count(*) from raw.revisions group by all").fetchall()
        )
        county, municipal_split, municipal_totals = con.execute(
            """select count(*) filter (where natural_key->>'municipality_id' = '0018'),
                      count(*) filter (where natural_key->>'municipality_id' <> '0018'
                                       and natural_key->>'gender' in ('K', 'M')),
                      count(*) filter (where natural_key->>'municipality_id' <> '0018'
                                       and natural_key->>'gender' = 'T')
               from raw.revisions where raw_table = 'raw.kolada_kpi_values'"""
        ).fetchone()
    return {
        **found,
        "county rows of raw.kolada_kpi_values": county,
        "municipal women and men of raw.kolada_kpi_values": municipal_split,
        "municipal totals of raw.kolada_kpi_values": municipal_totals,
    }


def schema_names(path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [r[0] for r in con.execute(
            "select distinct schema_name from duckdb_tables() order by 1").fetchall()]  # fmt: skip


def test_the_fixture_is_of_the_single_file_layout(old_layout):
    assert schema_names(old_layout) == ["intermediate", "mart", "ops", "raw", "restricted",
                                        "staging"]  # fmt: skip
    assert count(old_layout, "raw.revisions") == 130
    assert count(old_layout, "ops.runs") == 2 and count(old_layout, "ops.transform_state") == 2


def test_the_first_run_splits_it_without_losing_revisions_runs_or_transform_state(
    settings, old_layout
):
    assert not Path(working(settings)).exists()
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "success"
    assert schema_names(settings.warehouse) == ["mart", "ops"]
    assert schema_names(working(settings)) == ["intermediate", "mart", "ops", "raw",
                                               "restricted", "staging"]  # fmt: skip
    for table in KEPT:
        assert missing_rows(old_layout, working(settings), table) == 0, table
    # the 130 old revisions are kept, and none is added to raw.scb_population: its old rows are
    # TAB638's totals asked for with Kon left out (sex_code '' since migration 027), and the
    # sample of today holds men and women (Kon 1 and 2), which are new rows, not revisions; the
    # published population is then their sum, the sample's original figures, never the revised
    # old totals (Sweden's rows, new in the sample of issue 26, are inserted too). The sample of
    # today also gives the county its own Kolada values (issue 26: the county's share is
    # Kolada's, not its municipalities') and women's and men's values either side of the total
    # (issue 26 item 4), so only county rows and municipal K and M rows of Kolada are revised,
    # never a municipality's total
    revised = revisions_by_table(working(settings))
    assert revised["raw.scb_population"] == 130
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        county_2023 = con.execute(
            """select value, value_women + value_men from mart.indicator_values
               where indicator_id = 'population' and area_code = '18' and year = 2023"""
        ).fetchall()
    assert county_2023 == [(308116, 308116)]
    kolada = revised["raw.kolada_kpi_values"]
    assert revised["municipal totals of raw.kolada_kpi_values"] == 0
    assert revised["county rows of raw.kolada_kpi_values"] > 0
    assert (
        revised["county rows of raw.kolada_kpi_values"]
        + revised["municipal women and men of raw.kolada_kpi_values"]
        == kolada
    )
    # the run history is published with the new run; the reports were all received before
    assert count(settings.warehouse, "ops.runs") == 3
    assert missing_rows(old_layout, str(settings.warehouse), "ops.runs") == 0
    assert run.step_counts["reports"]["duplicate"] == run.step_counts["reports"]["files"]
    assert Path(working(settings)).stat().st_mode & 0o777 == 0o600
    assert (settings.warehouse_dir / "landing").stat().st_mode & 0o777 == 0o700

    # The transform state went along: with nothing new, the next run rebuilds no mart row.
    again = pipeline.run_pipeline(settings, sample=True)
    assert "skipped" in again.step_counts["transform"]
    assert count(working(settings), "ops.transform_state") == 3  # the old two and the split's


def test_a_published_file_without_its_working_file_is_refused(settings, sample_run):  # after a sample run
    before = settings.warehouse.read_bytes()
    Path(working(settings)).unlink()
    with pytest.raises(AsfetlError, match="working file .* is missing"):
        pipeline.run_pipeline(settings, sample=True)
    assert settings.warehouse.read_bytes() == before
