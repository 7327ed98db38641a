"""The follow-up's check takes the activity ids of the plan the run uses, per folder."""

import csv
import time

import openpyxl

from asfetl.plan.activities import activity_ids
from asfetl.reports.checks import check_file
from asfetl.reports.kinds import ACTIVITY
from asfetl.reports.template import write_template
from tests.plan.plan_folders import ACTIVITIES, write_csv, write_plan

MB = 1024 * 1024


def follow_up(path, activity: str):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["aktivitet", "ar", "status", "moten_genomforda", "kommentar"])
        writer.writerow([activity, "2024", "paborjad", "", ""])
    return path


def test_each_folder_has_its_own_ids(tmp_path):
    assert activity_ids(None)[:2] == ["A01", "A02"] and len(activity_ids(None)) == 18
    assert activity_ids(write_plan(tmp_path)) == ["B01", "B02", "B03"]


def test_an_edited_plan_is_read_again(tmp_path):
    folder = write_plan(tmp_path)
    assert activity_ids(folder) == ["B01", "B02", "B03"]
    time.sleep(0.01)  # a later modification time, whatever the file system's resolution
    write_csv(folder / "plan_activities.csv", [*ACTIVITIES, [*ACTIVITIES[1]]][:3])
    assert activity_ids(folder) == ["B01", "B02"]


def test_a_follow_up_names_an_activity_of_the_plan_in_use(tmp_path):
    plan = write_plan(tmp_path / "plan")
    own = follow_up(tmp_path / "own.csv", "B02")
    example = follow_up(tmp_path / "example.csv", "A07")

    def rules(path, plan_dir):
        check = check_file(path, region="18", max_bytes=20 * MB, plan_dir=plan_dir)
        return check.accepted, {(f.row, f.column, f.rule) for f in check.errors}

    assert rules(own, plan) == (True, set())
    accepted, errors = rules(example, plan)
    assert not accepted and [(row, column) for row, column, _ in errors] == [(2, "aktivitet")]
    assert rules(example, None) == (True, set())  # the shipped example has A07
    assert rules(own, None)[0] is False


def test_the_follow_up_template_lists_the_plan_s_activities(tmp_path):
    plan = write_plan(tmp_path / "plan")
    path = write_template(tmp_path / "t.xlsx", kind=ACTIVITY, plan_dir=plan)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    lists = {v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert '"B01,B02,B03"' in lists and not any("A01" in f for f in lists)
    cells = [c.value for row in workbook.worksheets[1].iter_rows() for c in row]
    assert "B01, B02, B03" in cells


def test_a_plan_too_long_for_excel_s_list_gets_no_drop_down(tmp_path):
    many = [ACTIVITIES[0], *[[f"C{i:02d}", *ACTIVITIES[1][1:]] for i in range(1, 100)]]
    plan = write_plan(tmp_path / "plan", plan_activities=many)
    path = write_template(tmp_path / "t.xlsx", kind=ACTIVITY, plan_dir=plan)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    lists = [v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert not any("C01" in f for f in lists)  # 99 ids: 395 characters, past Excel's 255
    cells = [c.value for row in openpyxl.load_workbook(path).worksheets[1].iter_rows() for c in row]
    assert any(isinstance(c, str) and c.startswith("C01, C02") for c in cells)
