"""The plan check: each rule on a small folder, by file, row as in the file, column and rule."""

import pytest

from asfetl.errors import SettingsError
from asfetl.plan.check import check_plan, require_valid
from asfetl.plan.messages import finding_line
from asfetl.plan.template import write_template
from tests.plan.plan_folders import ACTIVITIES, SUBGOALS, TARGETS, with_row, write_csv, write_plan


def found(folder, region=None) -> set[tuple]:
    return {
        (f.file, f.row, f.column, f.rule, f.severity) for f in check_plan(folder, region).findings
    }


def only(folder, region=None):
    (finding,) = check_plan(folder, region).findings
    return finding


def test_the_shipped_example_plan_is_clean():
    check = check_plan(None, region="18")
    assert check.findings == []
    assert check.counts == {
        "plan_subgoals.csv": 4,
        "plan_activities.csv": 18,
        "plan_targets.csv": 9,
    }
    assert check.period == (2022, 2025)
    assert check.summary() == (
        "4 sub-goals, 18 activities, 9 targets; plan period 2022–2025; 0 errors, 0 warnings"
    )


def test_our_own_plan_is_clean_without_is_example_columns(tmp_path):
    check = check_plan(write_plan(tmp_path), region="18")
    assert check.findings == []
    assert check.period == (2022, 2025)  # B01's 2022 to B02's 2025


def test_the_blank_template_has_errors_only_for_being_empty(tmp_path):
    write_template(tmp_path / "plan")
    assert found(tmp_path / "plan") == {
        ("plan_subgoals.csv", None, None, "no_rows", "error"),
        ("plan_activities.csv", None, None, "no_rows", "error"),
        ("plan_targets.csv", None, None, "no_targets", "warning"),
    }


def test_a_missing_file(tmp_path):
    write_plan(tmp_path)
    (tmp_path / "plan_targets.csv").unlink()
    finding = only(tmp_path)
    assert (finding.file, finding.row, finding.rule) == ("plan_targets.csv", None, "file_missing")
    assert "asfetl plan template" in finding.message and "saknas" in finding.message_sv


def test_a_missing_column_and_an_unknown_one(tmp_path):
    targets = [list(r) for r in TARGETS]
    targets[0][targets[0].index("target_year")] = "target_yaer"  # a typo
    write_plan(tmp_path, plan_targets=targets)
    assert found(tmp_path) == {
        ("plan_targets.csv", 1, "target_yaer", "column_unknown", "error"),
        ("plan_targets.csv", 1, "target_year", "column_missing", "error"),
    }
    unknown = next(f for f in check_plan(tmp_path).findings if f.rule == "column_unknown")
    assert unknown.message.startswith("the column target_yaer is not a column of this file")
    assert "known: indicator_id, area_code, baseline_year" in unknown.message


def test_optional_columns_may_be_left_out(tmp_path):
    activities = [r[:4] + r[5:7] for r in ACTIVITIES]  # no owner, no meetings
    targets = [r[:3] + r[4:6] for r in TARGETS]  # no baseline_value, no note
    write_plan(tmp_path, plan_activities=activities, plan_targets=targets)
    assert found(tmp_path) == set()


def test_duplicate_ids_and_targets(tmp_path):
    subgoals = [*SUBGOALS, ["2", "Igen", "Again"]]
    activities = with_row(ACTIVITIES, 3, activity_id="B01")
    targets = [*TARGETS, ["population", "1880", "2022", "", "2024", "1", ""]]
    write_plan(tmp_path, plan_subgoals=subgoals, plan_activities=activities, plan_targets=targets)
    assert found(tmp_path) == {
        ("plan_subgoals.csv", 4, "subgoal_id", "duplicate", "error"),
        ("plan_activities.csv", 4, "activity_id", "duplicate", "error"),
        ("plan_targets.csv", 6, "indicator_id", "duplicate", "error"),
    }
    duplicate = next(f for f in check_plan(tmp_path).findings if f.file == "plan_activities.csv")
    assert duplicate.message == "The activity id is already on row 2: each must be unique"
    assert duplicate.value == "B01"


def test_an_activity_naming_an_unknown_subgoal(tmp_path):
    write_plan(tmp_path, plan_activities=with_row(ACTIVITIES, 2, subgoal_id="7"))
    finding = only(tmp_path)
    assert (finding.file, finding.row, finding.column, finding.rule, finding.value) == (
        "plan_activities.csv",
        3,
        "subgoal_id",
        "unknown_subgoal",
        "7",
    )
    assert finding.message == "the sub-goal is not in plan_subgoals.csv"


def test_unknown_and_unpublished_indicator_ids(tmp_path):
    targets = with_row(TARGETS, 1, indicator_id="asf_cuont")
    targets = with_row(targets, 2, indicator_id="asf_reports_received")  # a part of a ratio
    write_plan(tmp_path, plan_targets=targets)
    assert found(tmp_path) == {
        ("plan_targets.csv", 2, "indicator_id", "unknown_indicator", "error"),
        ("plan_targets.csv", 3, "indicator_id", "unpublished_indicator", "error"),
    }


def test_unknown_area_codes_and_areas_outside_the_region(tmp_path):
    targets = with_row(TARGETS, 1, area_code="1899")
    targets = with_row(targets, 2, area_code="0180")  # Stockholm: real, but not in county 18
    write_plan(tmp_path, plan_targets=targets)
    assert found(tmp_path, region="18") == {
        ("plan_targets.csv", 2, "area_code", "unknown_area", "error"),
        ("plan_targets.csv", 3, "area_code", "area_outside_region", "warning"),
    }
    assert found(tmp_path) == {("plan_targets.csv", 2, "area_code", "unknown_area", "error")}


def test_target_and_baseline_years_against_the_plan_period(tmp_path):
    targets = with_row(TARGETS, 1, target_year="2027")  # the plan ends in 2025
    targets = with_row(targets, 2, baseline_year="2026")  # after the plan
    targets = with_row(targets, 3, baseline_year="2025")  # not before its target year
    write_plan(tmp_path, plan_targets=targets)
    assert found(tmp_path) == {
        ("plan_targets.csv", 2, "target_year", "target_outside_period", "error"),
        ("plan_targets.csv", 3, "baseline_year", "baseline_outside_period", "error"),
        ("plan_targets.csv", 4, "baseline_year", "baseline_not_before_target", "error"),
    }
    messages = {f.row: f.message for f in check_plan(tmp_path).findings}
    assert messages[2] == (
        "target_year is outside the plan's period 2022–2025 (its activities' years)"
    )


def test_a_baseline_before_the_plan_starts_is_fine(tmp_path):
    write_plan(tmp_path, plan_targets=with_row(TARGETS, 3, baseline_year="2019"))
    assert found(tmp_path) == set()


def test_first_year_after_last_year(tmp_path):
    write_plan(tmp_path, plan_activities=with_row(ACTIVITIES, 1, first_year="2024"))
    finding = only(tmp_path)
    assert (finding.row, finding.column, finding.rule) == (2, "first_year", "first_after_last")
    assert finding.message == "first_year 2024 is after last_year 2023"


@pytest.mark.parametrize(
    ("file", "column", "value", "rule"),
    [
        ("plan_targets", "target_value", "4,5", "not_number"),
        ("plan_targets", "baseline_value", "många", "not_number"),
        ("plan_targets", "target_year", "2025.5", "not_year"),
        ("plan_activities", "first_year", "22", "not_year"),
        ("plan_activities", "meetings_planned_per_year", "sex", "not_whole_number"),
        ("plan_subgoals", "subgoal_id", "1a", "not_whole_number"),
        ("plan_activities", "is_example", "ja", "not_boolean"),
        ("plan_activities", "activity_id", "b1", "bad_activity_id"),
    ],
)
def test_values_that_are_not_of_their_column_s_kind(tmp_path, file, column, value, rule):
    rows = {"plan_subgoals": SUBGOALS, "plan_activities": ACTIVITIES, "plan_targets": TARGETS}
    rows = [list(r) for r in rows[file]]
    if column not in rows[0]:
        rows = [[*r, ""] for r in rows]
        rows[0][-1] = column
    write_plan(tmp_path, **{file: with_row(rows, 1, **{column: value})})
    relevant = [f for f in check_plan(tmp_path).findings if f.rule == rule]
    assert [(f.file, f.row, f.column, f.value) for f in relevant] == [
        (f"{file}.csv", 2, column, value)
    ]


def test_an_activity_id_is_written_as_the_follow_ups_write_it(tmp_path):
    write_plan(tmp_path, plan_activities=with_row(ACTIVITIES, 1, activity_id="b1"))
    finding = only(tmp_path)
    assert finding.message == "the activity id must be written as the follow-ups will write it: B01"


def test_empty_names_and_required_values(tmp_path):
    write_plan(
        tmp_path,
        plan_subgoals=with_row(SUBGOALS, 2, name_en=" "),
        plan_activities=with_row(ACTIVITIES, 1, name_sv=""),
        plan_targets=with_row(TARGETS, 1, target_value=""),
    )
    assert found(tmp_path) == {
        ("plan_subgoals.csv", 3, "name_en", "blank", "error"),
        ("plan_activities.csv", 2, "name_sv", "blank", "error"),
        ("plan_targets.csv", 2, "target_value", "blank", "error"),
    }


def test_rows_are_counted_as_in_the_file_with_semicolons_a_bom_and_blank_lines(tmp_path):
    write_plan(tmp_path)
    rows = [TARGETS[0], TARGETS[1], [], with_row(TARGETS, 2, area_code="9999")[2]]
    write_csv(tmp_path / "plan_targets.csv", rows, delimiter=";", bom=True)
    finding = only(tmp_path)
    assert (finding.row, finding.column, finding.rule) == (4, "area_code", "unknown_area")


def test_a_file_that_is_not_utf8(tmp_path):
    write_plan(tmp_path)
    (tmp_path / "plan_subgoals.csv").write_bytes(
        "subgoal_id,name_sv,name_en\n1,Förståelse,U\n".encode("cp1252")
    )
    finding = only(tmp_path)
    assert (finding.file, finding.rule) == ("plan_subgoals.csv", "file_not_utf8")


def test_findings_read_in_both_languages(tmp_path):
    write_plan(tmp_path, plan_targets=with_row(TARGETS, 1, target_year="2027"))
    finding = only(tmp_path)
    assert finding_line(finding, "en") == (
        "error: plan_targets.csv, row 2, column target_year: target_year is outside the plan's "
        "period 2022–2025 (its activities' years) (value: 2027) [target_outside_period]"
    )
    assert finding_line(finding, "sv") == (
        "fel: plan_targets.csv, rad 2, kolumn target_year: target_year ligger utanför "
        "planperioden 2022–2025 (aktiviteternas år) (värde: 2027) [target_outside_period]"
    )


def test_a_run_refuses_a_plan_with_errors_in_one_sentence(tmp_path):
    require_valid(None)  # the shipped example
    require_valid(write_plan(tmp_path / "good"))
    write_plan(tmp_path / "bad", plan_targets=with_row(TARGETS, 1, indicator_id="nope"))
    with pytest.raises(SettingsError) as error:
        require_valid(tmp_path / "bad")
    message = str(error.value)
    assert message.startswith(f"ASFETL_PLAN_DIR='{tmp_path / 'bad'}' holds a plan with 1 error ")
    assert "plan_targets.csv, row 2, column indicator_id" in message
    assert message.endswith(f"run `asfetl plan check {tmp_path / 'bad'}` to see them all.")
    with pytest.raises(SettingsError, match="is not a folder"):
        require_valid(tmp_path / "nowhere")


def test_a_row_with_an_unquoted_comma_has_more_cells_than_the_header(tmp_path):
    write_plan(tmp_path)
    text = (tmp_path / "plan_activities.csv").read_text(encoding="utf-8")
    text = text.replace("Länsstyrelsen", "Länsstyrelsen, enheten för tillväxt")
    (tmp_path / "plan_activities.csv").write_text(text, encoding="utf-8")
    rules = {(f.row, f.column, f.rule) for f in check_plan(tmp_path).findings}
    assert (2, None, "too_many_cells") in rules
    finding = next(f for f in check_plan(tmp_path).findings if f.rule == "too_many_cells")
    assert finding.message == (
        "the row has 9 cells but the header 8: a value holding a comma or semicolon must be in "
        "double quotes"
    )


def test_a_run_logs_the_plan_s_warnings_and_goes_on(tmp_path, caplog):
    write_plan(tmp_path, plan_targets=with_row(TARGETS, 2, area_code="0180"))
    require_valid(tmp_path, region="18")
    (record,) = [r for r in caplog.records if r.name == "asfetl.plan.check"]
    assert record.levelname == "WARNING"
    assert record.getMessage() == (
        "The plan in ASFETL_PLAN_DIR: plan_targets.csv, row 3, column area_code: the area is "
        "outside the region 18 (ASFETL_REGION): its target is not published (value: 0180) "
        "[area_outside_region]"
    )
