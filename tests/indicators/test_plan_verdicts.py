"""The action plan marts' verdicts: a target judged on its own year once final, after the plan,
at the baseline year; which areas' targets count; a direction the catalogue does not give; and
rebuilding. Worked out by hand from the values each test adds."""

import math
from datetime import date

import pytest

from asfetl.indicators import transform
from tests.indicators import plan_marts
from tests.indicators.plan_marts import PLAN_MODELS, add_values, judged_at, progress, set_targets

con = plan_marts.con  # the plan marts' warehouse; pytest finds fixtures among module attributes


def test_a_target_is_judged_on_its_own_year_never_a_later_one(con):
    """Changed in issue 24: a later year's value no longer gives the verdict (it was
    'not_achieved' on 2026's 15); the target's own year does, once final."""
    judged_at(con, date(2027, 6, 1))
    set_targets(con, ("asf_count", "18", 2022, 10, 2025, 16, "true"))
    add_values(con, "asf_count", "18", (2026, 15, "ok"))
    row = progress(con)[("asf_count", "18")]
    # 2025 has no value: its year has passed and is not final; 2026's 15 is shown beside it
    assert row["plan_status"] == "not_final" and row["period_over"] is True
    assert (row["latest_year"], row["latest_value"], row["judged_year"]) == (2026, 15, 2026)
    # the plan's period, from its activities (sql/seeds/plan_activities.csv: 2022–2025)
    assert (row["plan_start_year"], row["plan_end_year"], row["as_of_year"]) == (2022, 2025, 2027)
    add_values(con, "asf_count", "18", (2025, 13, "ok"))
    row = progress(con)[("asf_count", "18")]
    # 100 * (13 - 10) / 6 = 50 %: judged on 2025 (final), not on 2026's 15
    assert row["progress_pct"] == pytest.approx(50.0)
    assert (row["plan_status"], row["judged_year"]) == ("not_achieved", 2025)


def test_after_the_plan_a_target_year_not_final_says_so_never_behind(con):
    """December 2026: the plan (2022–2025) is over, 2025's reports are overdue (coverage 0 %):
    the verdict waits, the last final year's value stands beside it; nothing is 'behind'."""
    judged_at(con, date(2026, 12, 7))
    set_targets(
        con,
        ("asf_count", "18", 2022, 10, 2025, 16, "true"),
        ("long_term_unemployment_25_64", "18", 2022, 5, 2025, 4, "true"),
    )
    add_values(con, "asf_count", "18", (2022, 10, "ok"), (2024, 11, "ok"), (2025, None, "missing"))
    con.execute("insert into intermediate.int_reports__coverage values ('18', 2025, 24, 0)")
    add_values(con, "long_term_unemployment_25_64", "18", (2022, 5.0, "ok"), (2025, 4.5, "ok"))
    con.execute(
        "insert into mart.indicator_breaks values ('long_term_unemployment_25_64', 2023, "
        "'Från 2023 25–65 år', 'From 2023 ages 25–65')"
    )
    rows = progress(con)
    count = rows[("asf_count", "18")]
    assert count["plan_status"] == "not_final" and count["period_over"] is True
    assert (count["target_year_status"], count["target_year_coverage_pct"]) == ("missing", 0.0)
    # beside it: 2024's 11, 100 * (11 - 10) / 6 = 16.67 % of the way
    assert (count["latest_year"], count["latest_value"]) == (2024, 11)
    assert count["progress_pct"] == pytest.approx(16.6667, abs=1e-3)
    assert count["break_year"] is None
    # 2025 is final for Kolada's KPI: 100 * (4.5 - 5) / (4 - 5) = 50 %, not achieved, and the
    # 2022 baseline (ages 25–64) and 2025 (25–65) lie across the 2023 break: its note comes along
    unemployment = rows[("long_term_unemployment_25_64", "18")]
    assert (unemployment["plan_status"], unemployment["judged_year"]) == ("not_achieved", 2025)
    assert unemployment["progress_pct"] == pytest.approx(50.0)
    assert unemployment["break_year"] == 2023
    assert unemployment["break_note_en"] == "From 2023 ages 25–65"
    assert not [r for r in rows.values() if r["plan_status"] in ("behind", "on_track")]


def test_at_the_target_year_a_reached_target_is_achieved_and_a_missed_one_not(con):
    set_targets(
        con,
        ("asf_count", "18", 2022, 10, 2025, 16, "true"),
        ("asf_count", "1880", 2022, 4, 2025, 6, "true"),
    )
    add_values(con, "asf_count", "18", (2025, 16, "ok"))
    add_values(con, "asf_count", "1880", (2025, 5, "ok"), (2026, 7, "preliminary"))
    rows = progress(con)
    assert rows[("asf_count", "18")]["plan_status"] == "achieved"
    # 2026's 7 would reach 6, but it is preliminary: 2025's 5 is the verdict
    orebro = rows[("asf_count", "1880")]
    assert (orebro["latest_year"], orebro["plan_status"]) == (2025, "not_achieved")


def test_at_the_baseline_year_the_plan_is_on_track(con):
    set_targets(
        con,
        ("asf_count", "18", 2022, 10, 2025, 16, "true"),
        ("long_term_unemployment_25_64", "18", 2022, 5, 2025, 4, "true"),
    )
    add_values(con, "asf_count", "18", (2022, 10, "ok"))
    add_values(con, "long_term_unemployment_25_64", "18", (2022, 5, "ok"))
    for row in progress(con).values():
        # progress 0 %, elapsed 0 % → on track; a falling target gives 0, not -0.0
        assert row["progress_pct"] == 0 and math.copysign(1, row["progress_pct"]) == 1
        assert row["plan_status"] == "on_track"


def test_municipal_targets_are_named_and_other_regions_are_left_out(con):
    set_targets(
        con,
        ("asf_count", "1880", 2022, 4, 2025, 8, ""),  # no flag: the region's own target
        ("asf_count", "1480", 2022, 4, 2025, 8, "true"),  # Göteborg: not in this run's region
    )
    add_values(con, "asf_count", "1880", (2023, 5, "ok"))
    rows = progress(con)
    assert set(rows) == {("asf_count", "1880")}
    row = rows[("asf_count", "1880")]
    assert row["area_name"] == "Örebro" and row["is_example"] is False
    # 100 * (5 - 4) / (8 - 4) = 25 %; elapsed 33.3 % → behind
    assert row["plan_status"] == "behind"


def test_unknown_direction_means_higher_is_better(con):
    set_targets(
        con,
        ("population", "18", 2022, 300000, 2025, 310000, "false"),  # higher_is_better NULL
        ("not_in_catalogue", "18", 2022, 1, 2025, 2, "false"),
    )
    add_values(con, "population", "18", (2024, 312000, "ok"))
    add_values(con, "not_in_catalogue", "18", (2024, 3, "ok"))
    rows = progress(con)
    # 312,000 ≥ 310,000 and 3 ≥ 2: achieved, as they would be if higher is better
    assert rows[("population", "18")]["plan_status"] == "achieved"
    assert rows[("not_in_catalogue", "18")]["plan_status"] == "achieved"
    assert rows[("population", "18")]["is_example"] is False


def test_rebuilding_replaces_the_rows(con):
    set_targets(con, ("asf_count", "18", 2022, 10, 2025, 16, "true"))
    add_values(con, "asf_count", "18", (2024, 14, "ok"))
    assert len(progress(con)) == 1
    counts = transform.run_models(con, PLAN_MODELS)
    assert counts["mart.plan_activities"] == 18 and counts["mart.plan_progress"] == 1
