"""Reading a plan folder: where it is, its CSVs as written, and the seed tables the models load."""

from asfetl.paths import sql_dir
from asfetl.plan.folder import plan_folder, plan_paths, read_table, seed_frames
from tests.plan.plan_folders import TARGETS, write_csv, write_plan


def test_no_plan_folder_means_the_shipped_example():
    assert plan_folder(None) == sql_dir() / "seeds"
    assert [p.name for p in plan_paths(None)] == [
        "plan_subgoals.csv", "plan_activities.csv", "plan_targets.csv"
    ]  # fmt: skip
    activities = seed_frames(None)["plan_activities"]
    assert len(activities) == 18 and set(activities["is_example"]) == {"true"}
    assert activities["name_sv"].str.startswith("EXEMPEL").all()


def test_an_optional_column_left_out_is_blank_in_the_seed_table(tmp_path):
    frames = seed_frames(write_plan(tmp_path))
    assert list(frames["plan_activities"]["is_example"]) == ["", "", ""]  # the models: false
    assert list(frames["plan_targets"]["baseline_value"]) == ["", "159000", "0", "2"]
    assert frames["plan_targets"].columns[-2:].tolist() == ["is_example", "note"]


def test_semicolons_and_a_bom_are_read_like_commas(tmp_path):
    write_csv(tmp_path / "a.csv", TARGETS, delimiter=";", bom=True)
    write_csv(tmp_path / "b.csv", TARGETS)
    semicolons, commas = read_table(tmp_path / "a.csv"), read_table(tmp_path / "b.csv")
    assert semicolons.header == commas.header == TARGETS[0]
    assert semicolons.rows == commas.rows
    assert [line for line, _ in commas.rows] == [2, 3, 4, 5]


def test_a_value_over_two_lines_keeps_the_row_numbers_of_the_file(tmp_path):
    rows = [TARGETS[0], [*TARGETS[1][:-1], "first line\nsecond line"], TARGETS[2]]
    table = read_table(write_csv(tmp_path / "t.csv", rows))
    assert [line for line, _ in table.rows] == [2, 4]


def test_a_spreadsheet_s_stray_empty_column_is_not_a_column(tmp_path):
    rows = [[*TARGETS[0], ""], *[[*r, ""] for r in TARGETS[1:]]]
    table = read_table(write_csv(tmp_path / "t.csv", rows))
    assert table.header == TARGETS[0] and table.overlong == []


def test_the_transform_s_fingerprint_follows_the_plan_folder(tmp_path):
    from asfetl.indicators.transform import inputs_fingerprint

    def fingerprint(plan_dir):
        return inputs_fingerprint("18", 2015, plan_dir=plan_dir)

    own = write_plan(tmp_path)
    assert fingerprint(None) != fingerprint(own)
    before = fingerprint(own)
    write_plan(own, plan_targets=[*TARGETS, ["population", "1814", "2023", "", "2025", "9000", ""]])
    assert fingerprint(own) != before
    assert fingerprint(None) == fingerprint(sql_dir() / "seeds")  # the example, named or not
