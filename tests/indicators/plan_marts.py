"""The plan marts' tests' world: a migrated warehouse with small hand-made indicator marts, the
shipped seeds judged during the plan, and helpers to set targets, add values and read progress.
Test modules take the fixture as `con = plan_marts.con` (pytest finds fixtures among a module's
attributes)."""

from datetime import date

import duckdb
import pandas as pd
import pytest

from asfetl.indicators import transform
from asfetl.reports.window import ReportingWindow

# the example plan runs 2022–2025: judged in mid-2025 unless a test says otherwise
DURING_THE_PLAN = date(2025, 6, 1)

PLAN_MODELS = [
    "staging.stg_seeds__plan_activities",
    "staging.stg_reports__activity_reports",
    "intermediate.int_reports__current_activity_reports",
    "mart.activity_follow_ups",
    "mart.plan_activities",
    "mart.plan_progress",
]
PLAN_INDICATORS = {
    "asf_count",
    "asf_per_10k_inhabitants",
    "asf_employees_target_group",
    "asf_transition_rate",
    "asf_public_contracts",
    "asf_reserved_contracts",
    "long_term_unemployment_25_64",
    "plan_activities_completed",
    "cross_sector_meetings",
}
TARGET_COLUMNS = [
    "indicator_id",
    "area_code",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "is_example",
    "note",
]


def set_targets(con: duckdb.DuckDBPyConnection, *rows: tuple) -> None:
    """Replace the target seed, all columns VARCHAR as load_seeds makes them."""
    frame = pd.DataFrame(
        [dict(zip(TARGET_COLUMNS, [*map(str, row), "test"], strict=True)) for row in rows],
        columns=TARGET_COLUMNS,
        dtype="string",
    )
    con.register("targets_frame", frame)
    con.execute("create or replace table staging.seed_plan_targets as select * from targets_frame")
    con.unregister("targets_frame")


def add_values(con: duckdb.DuckDBPyConnection, indicator_id: str, area_code: str, *rows) -> None:
    """(year, value, status) rows of mart.indicator_values for one indicator and area."""
    for year, value, status in rows:
        con.execute(
            "insert into mart.indicator_values values (?, ?, 'x', 'county', ?, ?, ?)",
            [indicator_id, area_code, year, value, status],
        )


def progress(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], dict]:
    transform.run_models(con, PLAN_MODELS)
    frame = con.execute("select * from mart.plan_progress").df()
    frame = frame.astype(object).where(frame.notna(), None)
    return {(r["indicator_id"], r["area_code"]): r for r in frame.to_dict("records")}


@pytest.fixture
def con(con: duckdb.DuckDBPyConnection):
    """The shared migrated warehouse (tests/conftest.py) with its indicator marts replaced by two
    small hand-made ones."""
    connection = con
    connection.execute("drop table mart.indicators; drop table mart.indicator_values")
    connection.execute(
        "create table mart.indicators (indicator_id varchar primary key, higher_is_better boolean)"
    )
    connection.execute(
        """
        insert into mart.indicators values
            ('asf_count', true), ('asf_per_10k_inhabitants', true),
            ('asf_employees_target_group', true), ('asf_transition_rate', true),
            ('asf_public_contracts', true), ('asf_reserved_contracts', true),
            ('long_term_unemployment_25_64', false), ('population', null),
            ('plan_activities_completed', true), ('cross_sector_meetings', true)
        """
    )
    connection.execute(
        """
        create table mart.indicator_values (
            indicator_id varchar not null, area_code varchar not null, area_name varchar not null,
            area_level varchar not null, year integer not null, value double,
            status varchar not null, primary key (indicator_id, area_code, year))
        """
    )
    # the reports expected and received per area and year (built from the reports in a run)
    connection.execute(
        "create or replace table intermediate.int_reports__coverage (area_code varchar, "
        "year integer, expected integer, reported integer)"
    )
    # the shipped seeds, plus staging.seed_areas; the plan judged during its period
    transform.load_seeds(connection, "18", window=ReportingWindow(today=DURING_THE_PLAN))
    return connection


def judged_at(con: duckdb.DuckDBPyConnection, day: date) -> None:
    """Judge the plan on `day` (staging.seed_reporting's as_of_year); call before set_targets."""
    transform.load_seeds(con, "18", window=ReportingWindow(today=day))
