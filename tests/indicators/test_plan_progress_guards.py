"""Configuration mistakes in the plan seeds fail the run; the plan marts build in a migrated database."""

from pathlib import Path

import duckdb
import pytest

from asfetl.indicators import transform
from asfetl.warehouse import database
from tests.indicators import plan_marts
from tests.indicators.plan_marts import PLAN_INDICATORS, PLAN_MODELS, set_targets

# The progress tests' warehouse fixture; pytest finds fixtures among a module's attributes.
con = plan_marts.con


# --- configuration mistakes fail the run instead of publishing something wrong ----------------


def test_a_target_year_not_after_the_baseline_year_fails_the_run(con):
    set_targets(con, ("asf_count", "18", 2025, 10, 2025, 16, "true"))
    with pytest.raises(duckdb.ConstraintException):
        transform.run_models(con, PLAN_MODELS)


def test_two_targets_for_the_same_indicator_and_area_fail_the_run(con):
    set_targets(
        con,
        ("asf_count", "18", 2022, 10, 2025, 16, "true"),
        ("asf_count", "18", 2022, 10, 2025, 18, "true"),
    )
    with pytest.raises(duckdb.ConstraintException):
        transform.run_models(con, PLAN_MODELS)


def test_an_activity_of_an_unknown_sub_goal_fails_the_run(con):
    con.execute(
        "update staging.seed_plan_activities set subgoal_id = '5' where activity_id = 'A01'"
    )
    with pytest.raises(duckdb.ConstraintException):
        transform.run_models(con, PLAN_MODELS)


# --- against the real migrations and catalogue --------------------------------------------------


def test_plan_marts_build_in_a_migrated_warehouse(tmp_path: Path):
    connection = database.connect(tmp_path / "w.duckdb")
    try:
        assert "009_plan.sql" in database.migrate(connection)
        transform.load_seeds(connection, "18")
        catalogue = ["staging.stg_seeds__indicators", "mart.indicators"]
        counts = transform.run_models(connection, with_upstream([*catalogue, *PLAN_MODELS]))
        assert counts["mart.plan_activities"] == 18
        assert counts["mart.plan_progress"] == len(PLAN_INDICATORS)
        # the shipped catalogue says long-term unemployment is lower-is-better
        direction = connection.execute(
            "select higher_is_better from mart.indicators "
            "where indicator_id = 'long_term_unemployment_25_64'"
        ).fetchone()
        assert direction == (False,)
    finally:
        connection.close()


def with_upstream(tables: list[str]) -> list[str]:
    """These models and every model they read, directly or not, in build order."""
    needed, waiting = set(), list(tables)
    while waiting:
        table = waiting.pop()
        if table in needed or table not in transform.BY_TABLE:
            continue  # raw tables and seeds are inputs
        needed.add(table)
        waiting.extend(transform.BY_TABLE[table].reads)
    return [t for t in transform.MODELS if t in needed]
