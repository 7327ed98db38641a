"""The action plan marts: the shipped example seeds, and progress towards targets worked out by
hand (pace, direction, suppressed and preliminary values, baselines). Verdicts at and after the
target year: test_plan_verdicts.py; configuration mistakes: test_plan_progress_guards.py."""

import pytest

from asfetl.indicators import transform
from tests.indicators import plan_marts
from tests.indicators.plan_marts import (
    PLAN_INDICATORS,
    PLAN_MODELS,
    TARGET_COLUMNS,
    add_values,
    progress,
    set_targets,
)

con = plan_marts.con  # the plan marts' warehouse; pytest finds fixtures among module attributes


# --- the shipped seeds: examples, never the plan's own figures ---------------------------------


def test_the_plan_has_four_sub_goals_in_both_languages(con):
    rows = con.execute(
        "select subgoal_id, name_sv, name_en from staging.seed_plan_subgoals order by 1"
    ).fetchall()
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    assert [r[2].split(":")[0] for r in rows] == [
        "Understanding",
        "Long-term conditions",
        "Networks and meeting places",
        "Internationalisation",
    ]
    assert [r[1].split(":")[0] for r in rows] == [
        "Förståelse",
        "Långsiktiga förutsättningar",
        "Nätverk och mötesplatser",
        "Internationalisering",
    ]


def test_the_shipped_activities_are_18_generic_examples_over_all_sub_goals(con):
    counts = transform.run_models(con, PLAN_MODELS)
    assert counts["mart.plan_activities"] == 18
    rows = con.execute("select * from mart.plan_activities order by activity_id").df()
    assert list(rows["activity_id"]) == [f"A{i:02d}" for i in range(1, 19)]
    assert rows["is_example"].all()
    assert rows["name_sv"].str.startswith("EXEMPEL: ").all()
    assert rows["name_en"].str.startswith("EXAMPLE: ").all()
    assert set(rows["subgoal_id"]) == {1, 2, 3, 4}
    assert rows["subgoal_name_sv"].notna().all() and rows["subgoal_name_en"].notna().all()
    # owners are roles in the region's organisation, not people
    assert rows["owner"].str.startswith("Region Örebro län").all()
    # every activity lies within one four-year plan period
    assert rows["first_year"].min() == 2022 and rows["last_year"].max() == 2025
    assert (rows["first_year"] <= rows["last_year"]).all()


def test_the_shipped_targets_are_examples_for_the_plan_indicators(con):
    seed = con.execute("select * from staging.seed_plan_targets").df()
    assert list(seed.columns) == TARGET_COLUMNS
    assert set(seed["indicator_id"]) == PLAN_INDICATORS and len(seed) == len(PLAN_INDICATORS)
    assert (seed["area_code"] == "18").all()
    assert (seed["is_example"] == "true").all()
    assert seed["note"].str.contains("EXAMPLE").all() and seed["note"].str.contains("EXEMPEL").all()
    # every target indicator is in the shipped catalogue (stable ids: DESIGN.md at the repository root)
    catalogue = {
        r[0] for r in con.execute("select indicator_id from staging.seed_indicators").fetchall()
    }
    assert PLAN_INDICATORS.issubset(catalogue)

    # with no published values yet, every target is there, marked as an example, without data
    rows = progress(con)
    assert set(rows) == {(i, "18") for i in PLAN_INDICATORS}
    for row in rows.values():
        assert row["is_example"] is True
        assert row["area_name"] == "Örebro län"
        assert row["plan_status"] == "no_data" and row["progress_pct"] is None


# --- progress and status, worked out by hand ---------------------------------------------------


def test_progress_keeping_pace_with_time_is_on_track(con):
    set_targets(con, ("asf_count", "18", 2022, 10, 2025, 16, "true"))
    add_values(con, "asf_count", "18", (2022, 10, "ok"), (2023, 12, "ok"), (2024, 14, "ok"))
    row = progress(con)[("asf_count", "18")]
    assert (row["latest_year"], row["latest_value"], row["latest_status"]) == (2024, 14, "ok")
    # progress 100 * (14 - 10) / (16 - 10) = 66.67 %; elapsed 100 * (2024 - 2022) / (2025 - 2022)
    # = 66.67 %: exactly in pace, so on track
    assert row["progress_pct"] == pytest.approx(66.6667, abs=1e-3)
    assert row["plan_status"] == "on_track"
    assert row["area_name"] == "Örebro län" and row["is_example"] is True


def test_lower_is_better_falling_too_slowly_is_behind(con):
    set_targets(con, ("long_term_unemployment_25_64", "18", 2022, "5.0", 2025, "4.0", "true"))
    add_values(
        con,
        "long_term_unemployment_25_64",
        "18",
        (2022, 5.0, "ok"),
        (2024, 4.8, "ok"),
        (2025, None, "missing"),  # not published: the latest stays 2024
    )
    row = progress(con)[("long_term_unemployment_25_64", "18")]
    assert (row["latest_year"], row["latest_value"]) == (2024, 4.8)
    # progress 100 * (4.8 - 5.0) / (4.0 - 5.0) = 100 * -0.2 / -1.0 = 20 %; elapsed 66.67 % → behind
    assert row["progress_pct"] == pytest.approx(20.0)
    assert row["plan_status"] == "behind"


def test_reaching_the_target_in_the_wanted_direction_is_achieved(con):
    set_targets(
        con,
        ("asf_public_contracts", "18", 2022, 20, 2025, 30, "true"),
        ("long_term_unemployment_25_64", "18", 2022, 5, 2025, 4, "true"),
        ("asf_reserved_contracts", "18", 2022, 20, 2025, 30, "true"),
    )
    add_values(con, "asf_public_contracts", "18", (2023, 33, "ok"))
    add_values(con, "long_term_unemployment_25_64", "18", (2023, 3.9, "ok"))
    add_values(con, "asf_reserved_contracts", "18", (2025, 30, "ok"))
    rows = progress(con)
    # 100 * (33 - 20) / (30 - 20) = 130 %: beyond the target already in 2023
    assert rows[("asf_public_contracts", "18")]["progress_pct"] == pytest.approx(130.0)
    # lower is better: 100 * (3.9 - 5) / (4 - 5) = 110 %
    assert rows[("long_term_unemployment_25_64", "18")]["progress_pct"] == pytest.approx(110.0)
    # exactly at the target: 100 %
    assert rows[("asf_reserved_contracts", "18")]["progress_pct"] == pytest.approx(100.0)
    assert {r["plan_status"] for r in rows.values()} == {"achieved"}


def test_only_suppressed_or_missing_values_give_no_data(con):
    set_targets(con, ("asf_transition_rate", "18", 2022, 10, 2025, 15, "true"))
    add_values(
        con, "asf_transition_rate", "18", (2023, None, "suppressed"), (2024, None, "missing")
    )
    row = progress(con)[("asf_transition_rate", "18")]
    assert row["latest_year"] is None and row["latest_value"] is None
    assert row["latest_status"] is None
    assert row["progress_pct"] is None
    assert row["plan_status"] == "no_data"


def test_a_suppressed_latest_year_is_skipped_and_preliminary_values_do_not_count(con):
    set_targets(
        con,
        ("asf_employees_target_group", "18", 2022, 100, 2025, 160, "true"),
        ("asf_per_10k_inhabitants", "18", 2022, "0.5", 2025, "1.1", "true"),
    )
    add_values(
        con, "asf_employees_target_group", "18", (2023, 130, "ok"), (2024, None, "suppressed")
    )
    add_values(con, "asf_per_10k_inhabitants", "18", (2023, 0.6, "ok"), (2025, 0.9, "preliminary"))
    rows = progress(con)
    employees = rows[("asf_employees_target_group", "18")]
    # 2024 is suppressed, so 2023: 100 * (130 - 100) / (160 - 100) = 50 %; elapsed 1/3 = 33.3 %
    assert (employees["latest_year"], employees["latest_status"]) == (2023, "ok")
    assert employees["progress_pct"] == pytest.approx(50.0)
    assert employees["plan_status"] == "on_track"
    density = rows[("asf_per_10k_inhabitants", "18")]
    # 2025 is preliminary (not final): 2023 counts: 100 * (0.6 - 0.5) / (1.1 - 0.5) = 16.67 %;
    # elapsed 1/3 = 33.3 % → behind
    assert (density["latest_year"], density["latest_status"]) == (2023, "ok")
    assert density["progress_pct"] == pytest.approx(16.6667, abs=1e-3)
    assert density["plan_status"] == "behind"


def test_going_the_wrong_way_gives_negative_progress(con):
    set_targets(con, ("asf_count", "18", 2022, 10, 2025, 16, "true"))
    add_values(con, "asf_count", "18", (2023, 9, "ok"))
    row = progress(con)[("asf_count", "18")]
    # 100 * (9 - 10) / (16 - 10) = -16.67 %; elapsed 33.3 % → behind
    assert row["progress_pct"] == pytest.approx(-16.6667, abs=1e-3)
    assert row["plan_status"] == "behind"


def test_an_unchanged_value_is_no_progress(con):
    set_targets(con, ("asf_per_10k_inhabitants", "18", 2022, "", 2025, "1.1", "true"))
    unrounded = 24 / 301_234 * 10_000  # 0.7967…, shown as 0.8
    add_values(
        con, "asf_per_10k_inhabitants", "18", (2022, unrounded, "ok"), (2023, unrounded, "ok")
    )
    row = progress(con)[("asf_per_10k_inhabitants", "18")]
    assert row["baseline_value"] == unrounded and row["progress_pct"] == 0


def test_a_target_equal_to_the_baseline_has_no_progress_share(con):
    set_targets(
        con,
        ("asf_count", "18", 2022, 10, 2025, 10, "true"),
        ("asf_public_contracts", "18", 2022, 10, 2025, 10, "true"),
    )
    add_values(con, "asf_count", "18", (2024, 11, "ok"))
    add_values(con, "asf_public_contracts", "18", (2024, 9, "ok"))
    rows = progress(con)
    # hold the level: 11 ≥ 10 holds it, 9 does not; the share of the way is undefined (÷ 0)
    assert rows[("asf_count", "18")]["progress_pct"] is None
    assert rows[("asf_count", "18")]["plan_status"] == "achieved"
    assert rows[("asf_public_contracts", "18")]["progress_pct"] is None
    assert rows[("asf_public_contracts", "18")]["plan_status"] == "behind"


def test_a_blank_baseline_value_is_the_published_value_of_the_baseline_year(con):
    set_targets(
        con,
        ("asf_count", "18", 2022, "", 2025, 14, "true"),
        ("asf_public_contracts", "18", 2022, "", 2025, 14, "true"),
    )
    add_values(con, "asf_count", "18", (2022, 8, "ok"), (2023, 10, "ok"))
    # nothing publishable for the baseline year: no baseline to measure from
    add_values(con, "asf_public_contracts", "18", (2022, None, "suppressed"), (2023, 10, "ok"))
    rows = progress(con)
    count = rows[("asf_count", "18")]
    # baseline 8 (2022); 100 * (10 - 8) / (14 - 8) = 33.33 %; elapsed 1/3 = 33.33 % → on track
    assert count["baseline_value"] == 8
    assert count["progress_pct"] == pytest.approx(33.3333, abs=1e-3)
    assert count["plan_status"] == "on_track"
    contracts = rows[("asf_public_contracts", "18")]
    assert contracts["baseline_value"] is None and contracts["progress_pct"] is None
    assert contracts["latest_value"] == 10 and contracts["plan_status"] == "no_data"


def test_an_explicit_baseline_value_wins_over_the_published_one(con):
    set_targets(con, ("asf_count", "18", 2022, 10, 2025, 16, "true"))
    add_values(con, "asf_count", "18", (2022, 12, "ok"), (2024, 14, "ok"))
    row = progress(con)[("asf_count", "18")]
    assert row["baseline_value"] == 10
    assert row["progress_pct"] == pytest.approx(66.6667, abs=1e-3)
