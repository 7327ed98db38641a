"""The action plan marts: example seeds, progress towards targets, and the activity list."""

import math
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from asfetl.indicators import transform
from asfetl.reports.window import ReportingWindow
from asfetl.warehouse import database

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


@pytest.fixture
def con(tmp_path: Path):
    """A migrated warehouse whose indicator marts are replaced by two small hand-made ones."""
    connection = database.connect(tmp_path / "plan.duckdb")
    database.migrate(connection)
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
    yield connection
    connection.close()


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


def judged_at(con: duckdb.DuckDBPyConnection, day: date) -> None:
    """Judge the plan on `day` (staging.seed_reporting's as_of_year); call before set_targets."""
    transform.load_seeds(con, "18", window=ReportingWindow(today=day))


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


def test_an_unchanged_value_is_no_progress(con):
    set_targets(con, ("asf_per_10k_inhabitants", "18", 2022, "", 2025, "1.1", "true"))
    unrounded = 24 / 301_234 * 10_000  # 0.7967…, shown as 0.8
    add_values(
        con, "asf_per_10k_inhabitants", "18", (2022, unrounded, "ok"), (2023, unrounded, "ok")
    )
    row = progress(con)[("asf_per_10k_inhabitants", "18")]
    assert row["baseline_value"] == unrounded and row["progress_pct"] == 0


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


def test_rebuilding_replaces_the_rows(con):
    set_targets(con, ("asf_count", "18", 2022, 10, 2025, 16, "true"))
    add_values(con, "asf_count", "18", (2024, 14, "ok"))
    assert len(progress(con)) == 1
    counts = transform.run_models(con, PLAN_MODELS)
    assert counts["mart.plan_activities"] == 18 and counts["mart.plan_progress"] == 1
