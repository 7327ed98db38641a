"""The published file and the exports hold no single enterprise's figures: every table and column
(and every export file) is scanned for each enterprise's reported money and staff, on the sample
and on a fixture with municipalities of one and of two enterprises; only mart and ops are there."""

import re
from pathlib import Path

import duckdb
import pytest

from asfetl.operations import pipeline
from asfetl.warehouse.published import OPS_TABLES, PRIVATE_OPS
from tests.pipeline_helpers import working
from tests.reports.report_files import write_csv

MONEY = ("omsattning_sek", "forsaljning_sek")
STAFF = ("anstallda_totalt", "anstallda_malgrupp")
PUBLISHED_SCHEMAS = ["mart", "ops"]
WORKING_SCHEMAS = ["intermediate", "mart", "ops", "raw", "restricted", "staging"]

# orgnr: (municipality, name). Örebro (1880) has three, Kumla (1881) exactly two, Karlskoga
# (1883) exactly one. Staff counts and money are chosen so that no other figure of the region
# (population, years, row counts) can be mistaken for them.
ENTERPRISES = {
    "769601-0003": ("1880", "Kafé Ett ek. för."),
    "769601-0011": ("1880", "Städ Två ek. för."),
    "769601-0029": ("1880", "Flytt Tre AB"),
    "769601-0037": ("1881", "Trädgård Fyra ek. för."),
    "769601-0045": ("1881", "Snickeri Fem AB"),
    "769601-0052": ("1883", "Tvätt Sex ek. för."),
}
# employees, target group, participants, to work, to studies, turnover, sales, public, reserved
FIGURES = {
    "769601-0003": (1471, 1093, 12, 2, 1, 5_137_219, 3_021_447, 3, 1),
    "769601-0011": (1283, 1009, 6, 1, 0, 4_218_733, 2_113_591, 2, 0),
    "769601-0029": (2389, 1217, 10, 3, 1, 6_343_907, 5_411_269, 4, 2),
    "769601-0037": (1637, 1151, 9, 1, 0, 3_772_481, 2_806_113, 1, 1),
    "769601-0045": (1759, 1327, 8, 2, 0, 2_954_317, 2_007_831, 0, 0),
    "769601-0052": (1931, 1433, 9, 2, 0, 2_581_093, 2_049_761, 0, 0),
}
COLUMNS = ("anstallda_totalt", "anstallda_malgrupp", "deltagare", "overgang_arbete",
           "overgang_studier", "omsattning_sek", "forsaljning_sek", "offentliga_avtal",
           "reserverade_avtal")  # fmt: skip
# A year before, Tvätt Sex turned over a tenth of 2024's: the tenfold warning's finding names
# the figure typed (in the working file), which the published file must not repeat.
EARLIER = {"769601-0052": (1931, 1433, 9, 2, 0, 211_459, 151_349, 0, 0)}


def report_rows(year: int, figures: dict) -> list[dict]:
    return [
        {
            "organisationsnummer": orgnr,
            "foretagsnamn": ENTERPRISES[orgnr][1],
            "kommunkod": ENTERPRISES[orgnr][0],
            "rapportar": year,
            "juridisk_form": "ekonomisk_forening",
            **dict(zip(COLUMNS, values, strict=True)),
        }
        for orgnr, values in figures.items()
    ]


def needles(working_file: str, columns: tuple[str, ...]) -> dict[str, str]:
    """Each enterprise's reported figure, and each pair's sum where a municipality and year has
    exactly two enterprises (either could subtract its own): digits -> what it is."""
    found: dict[str, str] = {}
    with duckdb.connect(working_file, read_only=True) as con:
        for column in columns:
            rows = con.execute(
                f"""
                select kommunkod, rapportar, list(foretagsnamn), list({column})
                from raw.enterprise_reports where {column} > 0 group by all
                """
            ).fetchall()
            for area, year, names, values in rows:
                for name, value in zip(names, values, strict=True):
                    for digits in {str(int(value)), str(round(value))}:
                        found[digits] = f"{column} of {name}, {year}"
                if len(values) == 2:
                    found[str(round(sum(values)))] = f"{column} of the two in {area}, {year}"
    return found


def _pattern(found: dict[str, str]) -> str:
    # A figure is a whole run of digits: 5039511 in '5039511.0', '5 039 511' or '5039511,0',
    # but not inside 150395119.
    return r"(^|[^0-9])(" + "|".join(sorted(found, key=len, reverse=True)) + r")([^0-9]|$)"


def scan_database(con: duckdb.DuckDBPyConnection, found: dict[str, str], catalog: str) -> list:
    """Every column of every table and view of `catalog`, each value as text without spaces."""
    hits = []
    pattern = _pattern(found)
    columns = con.execute(
        "select schema_name, table_name, column_name from duckdb_columns() "
        "where database_name = ? order by all",
        [catalog],
    ).fetchall()
    for schema, table, column in columns:
        rows = con.execute(
            f"""
            select distinct regexp_extract(text, $pattern, 2) from (
                select regexp_replace(cast("{column}" as varchar), '[ \u00a0\u202f]', '', 'g')
                    as text
                from "{catalog}"."{schema}"."{table}"
            ) where regexp_matches(text, $pattern)
            """,
            {"pattern": pattern},
        ).fetchall()
        hits += [f"{schema}.{table}.{column}: {r[0]} ({found[r[0]]})" for r in rows]
    return hits


def scan_published(published: Path, found: dict[str, str]) -> list[str]:
    with duckdb.connect(str(published), read_only=True) as con:
        return scan_database(con, found, con.execute("select current_database()").fetchone()[0])


def scan_exports(folder: Path, found: dict[str, str]) -> list[str]:
    hits = []
    pattern = re.compile(_pattern(found))
    for path in sorted(folder.iterdir()):
        if path.suffix == ".parquet":
            with duckdb.connect() as con:
                con.execute(f"create view export as select * from read_parquet('{path}')")
                hits += [f"{path.name}: {h}" for h in scan_database(con, found, "memory")]
        else:  # the CSVs, README.txt and the dashboard (its data, tables and words): as text
            text = readable(path.read_text(encoding="utf-8-sig"))
            text = re.sub("[ \u00a0\u202f]", "", text)
            hits += [f"{path.name}: {m.group(2)} ({found[m.group(2)]})" for m in
                     pattern.finditer(text)]  # fmt: skip
    return hits


def readable(text: str) -> str:
    """A file's text as a reader could get at it: what the dashboard carries gzip-compressed in
    base64 (its chart data) inflated, so that it is scanned; the charting library it carries
    that way (code, not data: its digits are not figures) left out; the charts drawn in the page
    as SVG as their words (_picture_words); everything else as it is."""
    import base64
    import gzip

    def inflate(match: re.Match) -> str:
        if match.group(1) == "plotly-gz":
            return ""
        return gzip.decompress(base64.b64decode(match.group(2))).decode("utf-8")

    carried = r'<script type="application/gzip\+base64" id="([^"]+)">([^<]*)</script>'
    return re.sub(r"<svg .*?</svg>", _picture_words, re.sub(carried, inflate, text), flags=re.S)


def _picture_words(match: re.Match) -> str:
    """A chart drawn in the page as SVG (the plan's): what a reader gets from it — its words,
    hover texts and accessible name — without its coordinates, pixels of the page's layout
    (a y="1093" is not an enterprise's 1,093 employees)."""
    picture = match.group(0)
    name = re.search(r'aria-label="([^"]*)"', picture)
    return (name.group(1) if name else "") + " " + re.sub(r"<[^>]*>", " ", picture)


def schemas(path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [
            r[0]
            for r in con.execute(
                "select distinct schema_name from duckdb_tables() union "
                "select distinct schema_name from duckdb_views() where not internal order by 1"
            ).fetchall()
        ]


@pytest.fixture
def fixture_run(served_settings):
    settings = served_settings
    settings.inbox.mkdir(parents=True)
    write_csv(settings.inbox / "a_2023.csv", report_rows(2023, EARLIER))
    write_csv(settings.inbox / "b_2024.csv", report_rows(2024, FIGURES))
    run = pipeline.run_pipeline(settings, sample=False)
    assert run.status == "success" and run.step_counts["reports"]["accepted"] == 2
    return settings


def test_no_enterprise_figure_of_the_fixture_is_in_the_published_file_or_exports(fixture_run):
    settings = fixture_run
    found = needles(working(settings), MONEY + STAFF)
    assert "2581093" in found and str(1471) in found and str(1637 + 1759) in found
    # the scan finds them where they are: every figure is in the working file
    with duckdb.connect(working(settings), read_only=True) as con:
        (catalog,) = con.execute("select current_database()").fetchone()
        in_working = {
            hit.split(": ")[1].split(" ")[0] for hit in scan_database(con, found, catalog)
        }
        typed = con.execute(
            "select value from ops.validation_findings where rule = 'tenfold_change'"
        ).fetchall()
    assert {str(v) for v in (1471, 1093, 2389, 5_137_219, 2_049_761)} <= in_working
    assert ("2581093",) in typed or ("2581093.0",) in typed  # the warning's typed figure
    assert scan_published(settings.warehouse, found) == []
    assert scan_exports(settings.warehouse_dir / "exports", found) == []
    assert schemas(settings.warehouse) == PUBLISHED_SCHEMAS
    assert schemas(working(settings)) == WORKING_SCHEMAS


def test_no_enterprise_money_of_the_sample_is_in_the_published_file_or_exports(settings, sample_run):  # after a sample run
    found = needles(working(settings), MONEY)
    assert len(found) > 100  # 72 reports' turnover and sales, and the pairs' sums
    assert scan_published(settings.warehouse, found) == []
    assert scan_exports(settings.warehouse_dir / "exports", found) == []
    assert schemas(settings.warehouse) == PUBLISHED_SCHEMAS
    # The sample's staff counts are small numbers (3, 26) that other figures share, so they are
    # checked where they would be published: no count of people of fewer than 3 enterprises.
    with duckdb.connect(working(settings), read_only=True) as con:
        (shown,) = con.execute(
            """
            select count(*) from restricted.asf_cells_protected
            where disclosure = 'people' and value > 0 and enterprises < 3 and not suppressed
            """
        ).fetchone()
    assert shown == 0


def test_the_working_file_and_landing_are_the_owners_only(settings, sample_run):  # after a sample run
    assert Path(working(settings)).stat().st_mode & 0o777 == 0o600
    for folder in ("landing", "accepted"):
        assert (settings.warehouse_dir / folder).stat().st_mode & 0o777 == 0o700
    assert settings.warehouse.stat().st_mode & 0o044  # the published file is for readers


def test_every_ops_table_is_published_or_private_by_name(settings, sample_run):  # after a sample run
    assert ops_tables(working(settings)) <= set(OPS_TABLES) | PRIVATE_OPS
    assert ops_tables(settings.warehouse) == set(OPS_TABLES)


def ops_tables(path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        sql = "select table_name from duckdb_tables() where schema_name = 'ops'"
        return {r[0] for r in con.execute(sql).fetchall()}
