"""The dashboard tests' one sample warehouse (the pipeline without Prefect), its data and page."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from asfetl.dashboard.model import build_model
from asfetl.dashboard.queries import load_dashboard_data
from asfetl.dashboard.render import render_html
from asfetl.warehouse.database import connect_read_only


@pytest.fixture(scope="package")
def built(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One sample warehouse for the dashboard's tests (a copy of the session's sample run, with
    the dashboard the run wrote); returns its folder."""
    folder = tmp_path_factory.mktemp("dashboard") / "warehouse"
    shutil.copytree(sample_template, folder, symlinks=True)
    return folder


@pytest.fixture(scope="module")
def dashboard(built: Path) -> Path:
    """The dashboard the pipeline wrote after its sample run (a module may put its own here)."""
    path = built / "exports" / "dashboard.html"
    assert path.is_file(), "the pipeline writes the dashboard after publishing"
    return path


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for a module's browser tests (`tests/dashboard/browser.py`)."""
    from tests.dashboard.browser import chromium

    with chromium(with_axe=False) as launched:
        yield launched


@pytest.fixture(scope="package")
def data(built: Path) -> dict[str, pd.DataFrame]:
    with connect_read_only(built / "asf.duckdb") as con:
        return load_dashboard_data(con)


@pytest.fixture(scope="package")
def page(data: dict[str, pd.DataFrame]) -> str:
    return render_html(build_model(data), "sv")


# Issue 26's data contract, until its pipeline (branch issue-26-data) writes it: Sweden's rows
# ('00', 'Riket', 'country') and women's and men's values (value_women, value_men) in
# mart.indicator_values. add_sweden_and_sex_split writes exactly these rows into a COPY of the
# sample warehouse; the target-group tests reason from them (after merging, the real sample's
# Sweden rows are replaced by these, so the expected numbers stay the tests' own).
BENCHMARK_YEAR = 2025
# (indicator, area) -> (value, status, women, men) in BENCHMARK_YEAR; None: no row at all
BENCHMARK_ROWS: dict[tuple[str, str], tuple | None] = {
    ("long_term_unemployment_18_65", "1881"): (4.6, "ok", 4.1, 5.2),
    ("long_term_unemployment_18_65", "18"): (5.0, "ok", 4.5, 5.4),
    ("long_term_unemployment_18_65", "00"): (3.9, "ok", 3.6, 4.2),
    # municipalities only (Kolada type K): no county row
    ("long_term_economic_assistance_adults", "1881"): (2.5, "ok", 2.2, 2.8),
    ("long_term_economic_assistance_adults", "18"): None,
    ("long_term_economic_assistance_adults", "00"): (2.1, "ok", 1.9, 2.3),
    ("economic_assistance_share", "00"): (5.2, "preliminary", None, None),
    ("activity_compensation_fte", "1881"): (None, "suppressed", None, None),
    ("activity_compensation_fte", "00"): (21000.0, "ok", None, None),
    ("long_term_unemployment_18_24", "00"): (None, "missing", None, None),
    # the sample's 2025 of this KPI is missing for the county and every municipality too
    ("unemployment_18_65", "00"): (None, "missing", None, None),
    ("region_purchases_from_nonprofits_share", "00"): (2.4, "ok", None, None),
    ("population", "00"): (10587710.0, "ok", None, None),
}  # neet_16_24 and every other figure: no row of Sweden at all


def add_sweden_and_sex_split(warehouse: Path) -> None:
    """Give a copy of the sample warehouse issue 26's columns and BENCHMARK_ROWS (Sweden's rows
    of other figures and years removed, so that "no value for Sweden" shows too)."""
    import duckdb

    with duckdb.connect(str(warehouse)) as con:
        for column in ("value_women", "value_men"):
            con.execute(
                f"alter table mart.indicator_values add column if not exists {column} double"
            )
        con.execute("delete from mart.indicator_values where area_code = '00'")
        for (indicator, area), row in BENCHMARK_ROWS.items():
            con.execute(
                "delete from mart.indicator_values where indicator_id = ? and area_code = ? "
                "and year = ?",
                [indicator, area, BENCHMARK_YEAR],
            )
            if row is None:
                continue
            value, status, women, men = row
            name, level = {"00": ("Riket", "country"), "18": ("Örebro län", "county")}.get(
                area, ("Kumla", "municipality")
            )
            # unit, source and load time as the figure's own rows have them
            con.execute(
                """
                insert into mart.indicator_values by name
                select ? as indicator_id, ? as area_code, ? as area_name, ? as area_level,
                       ? as year, ? as value, ? as status, unit, source, updated_at,
                       null as suppression_reason, ? as value_women, ? as value_men
                from mart.indicator_values
                where indicator_id = ? and area_code <> '00'
                order by year desc, area_code
                limit 1
                """,
                [indicator, area, name, level, BENCHMARK_YEAR, value, status, women, men,
                 indicator],
            )  # fmt: skip


@pytest.fixture(scope="package")
def benchmarked(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample warehouse with issue 26's Sweden rows and women and men."""
    copy = tmp_path_factory.mktemp("benchmarked") / "asf.duckdb"
    shutil.copy(built / "asf.duckdb", copy)
    add_sweden_and_sex_split(copy)
    return copy


@pytest.fixture(scope="package")
def benchmarked_data(benchmarked: Path) -> dict[str, pd.DataFrame]:
    with connect_read_only(benchmarked) as con:
        return load_dashboard_data(con)
