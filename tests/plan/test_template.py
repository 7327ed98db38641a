"""`asfetl plan template`: a blank folder with every file's header and a README in sv and en."""

import pytest

from asfetl.errors import AsfetlError
from asfetl.plan.columns import PLAN_FILES
from asfetl.plan.template import write_template


def test_the_template_has_each_file_s_header_and_nothing_else(tmp_path):
    written = write_template(tmp_path / "plan")
    assert [p.name for p in written] == [
        "plan_subgoals.csv", "plan_activities.csv", "plan_targets.csv", "README.md"
    ]  # fmt: skip
    for plan_file in PLAN_FILES:
        text = (tmp_path / "plan" / plan_file.name).read_text(encoding="utf-8")
        assert text == ",".join(c.name for c in plan_file.columns) + "\n"
    assert "EXEMPEL" not in "".join(p.read_text(encoding="utf-8") for p in written[:3])


def test_the_readme_explains_every_column_in_swedish_and_english(tmp_path):
    readme = write_template(tmp_path)[-1].read_text(encoding="utf-8")
    swedish, english = readme.split("# The plan")
    for plan_file in PLAN_FILES:
        for column in plan_file.columns:
            assert (
                f"| `{column.name}` | {'ja' if column.required else 'nej'} | {column.help_sv} |"
                in swedish
            )
            assert (
                f"| `{column.name}` | {'yes' if column.required else 'no'} | {column.help_en} |"
                in english
            )
    assert "asfetl plan check" in swedish and "ASFETL_PLAN_DIR" in english


def test_the_template_never_overwrites_a_plan(tmp_path):
    (tmp_path / "plan_targets.csv").write_text("mine\n", encoding="utf-8")
    with pytest.raises(AsfetlError, match="already holds plan_targets.csv; choose another folder"):
        write_template(tmp_path)
    assert (tmp_path / "plan_targets.csv").read_text(encoding="utf-8") == "mine\n"
