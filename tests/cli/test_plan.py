"""`asfetl plan template|check` and a run refusing a plan with errors, as a user runs them."""

from asfetl.paths import sql_dir
from tests.cli.test_cli import asfetl
from tests.plan.plan_folders import ACTIVITIES, TARGETS, with_row, write_plan


def test_template_then_check_finds_only_that_the_plan_is_empty(tmp_path):
    made = asfetl("plan", "template", "--out", str(tmp_path / "plan"))
    assert made.returncode == 0, made.stderr
    assert f"Wrote {tmp_path / 'plan' / 'README.md'}" in made.stdout
    checked = asfetl("plan", "check", str(tmp_path / "plan"), "--lang", "en")
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        "error: plan_activities.csv: the file has no rows: the plan needs at least one [no_rows]",
        "error: plan_subgoals.csv: the file has no rows: the plan needs at least one [no_rows]",
        "warning: plan_targets.csv: the plan has no targets: mart.plan_progress will be empty "
        "[no_targets]",
        f"ERRORS: {tmp_path / 'plan'}: 0 sub-goals, 0 activities, 0 targets; plan period "
        "unknown; 2 errors, 1 warning",
    ]
    again = asfetl("plan", "template", "--out", str(tmp_path / "plan"))
    assert again.returncode == 1 and "already holds" in again.stderr


def test_the_shipped_example_and_our_own_plan_check_ok(tmp_path):
    example = asfetl("plan", "check", str(sql_dir() / "seeds"), "--lang", "en")
    assert example.returncode == 0
    assert example.stdout.strip().endswith(
        "4 sub-goals, 18 activities, 9 targets; plan period 2022–2025; 0 errors, 0 warnings"
    )
    assert example.stdout.startswith("OK: ")
    own = asfetl("plan", "check", str(write_plan(tmp_path)))
    assert own.returncode == 0
    assert own.stdout.strip() == (
        f"OK: {tmp_path}: 2 delmål, 3 aktiviteter, 4 mål; planperiod 2022–2025; 0 fel, 0 varningar"
    )


def test_check_prints_every_finding_with_file_row_and_column(tmp_path):
    write_plan(
        tmp_path,
        plan_activities=with_row(ACTIVITIES, 2, subgoal_id="9"),
        plan_targets=with_row(
            with_row(TARGETS, 1, indicator_id="asf_cuont"), 3, target_year="2030"
        ),
    )
    result = asfetl("plan", "check", str(tmp_path), "--lang", "en")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "error: plan_activities.csv, row 3, column subgoal_id: the sub-goal is not in "
        "plan_subgoals.csv (value: 9) [unknown_subgoal]",
        "error: plan_targets.csv, row 2, column indicator_id: the indicator id is not in the "
        "catalogue (sql/seeds/indicators.csv, `asfetl indicators`) (value: asf_cuont) "
        "[unknown_indicator]",
        "error: plan_targets.csv, row 4, column target_year: target_year is outside the plan's "
        "period 2022–2025 (its activities' years) (value: 2030) [target_outside_period]",
        f"ERRORS: {tmp_path}: 2 sub-goals, 3 activities, 4 targets; plan period 2022–2025; "
        "3 errors, 0 warnings",
    ]
    assert asfetl("plan", "check", str(tmp_path / "nowhere")).returncode == 1


def test_a_run_with_a_plan_that_has_errors_stops_with_one_sentence(tmp_path):
    plan = write_plan(tmp_path / "plan", plan_targets=with_row(TARGETS, 2, area_code="9999"))
    result = asfetl(
        "run", "--sample",
        ASFETL_WAREHOUSE=str(tmp_path / "asf.duckdb"), ASFETL_PLAN_DIR=str(plan),
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"asfetl: ASFETL_PLAN_DIR='{plan}' holds a plan with 1 error (first: plan_targets.csv, "
        "row 3, column area_code: the area code is not one of SCB's county or municipality codes "
        f"(e.g. 18, 1880) (value: 9999) [unknown_area]); run `asfetl plan check {plan}` to see "
        "them all."
    ]
    assert not (tmp_path / "asf.duckdb").exists()
