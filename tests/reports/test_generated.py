"""Everything made from the schema is in step with it: the GX suites and the docs."""

import json

from asfetl.paths import PACKAGE_DIR, expectations_dir
from asfetl.reports import activity_docs
from asfetl.reports.docs import render_markdown
from asfetl.reports.kinds import ACTIVITY
from asfetl.reports.schema import COLUMNS, CROSS_RULES
from asfetl.reports.suite import all_suites, build_suite


def test_committed_suites_equal_what_the_schema_generates():
    suites = all_suites()
    assert set(suites) == {"enterprise_report", "enterprise_report.warning", "activity_report"}
    for name, suite in suites.items():
        committed = json.loads((expectations_dir() / f"{name}.json").read_text())
        assert committed == suite, "run scripts/make_report_suites.py"


def test_the_activity_suite_requires_only_the_required_columns():
    rules = {e["meta"]["rule"] for e in build_suite(ACTIVITY)["expectations"]}
    assert {"aktivitet_required", "ar_required", "status_required"} <= rules
    assert "moten_genomforda_required" not in rules and "kommentar_required" not in rules
    assert {"activity_in_plan", "status_known", "one_follow_up_per_activity_and_year"} <= rules


def test_the_suite_covers_every_column_and_cross_rule():
    rules = {e["meta"]["rule"] for e in build_suite()["expectations"]}
    assert {f"{c.name}_required" for c in COLUMNS} <= rules
    assert {r.rule for r in CROSS_RULES} <= rules
    for expectation in build_suite()["expectations"]:
        assert expectation["meta"]["message"] and expectation["meta"]["message_sv"]


def test_committed_docs_equal_what_the_schema_generates():
    committed = (PACKAGE_DIR.parent / "docs" / "enterprise_report.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "run scripts/make_report_docs.py"
    for column in COLUMNS:
        assert f"`{column.name}`" in committed and f"`{column.alias}`" in committed


def test_committed_activity_docs_equal_what_the_schema_generates():
    committed = (PACKAGE_DIR.parent / "docs" / "activity_report.md").read_text(encoding="utf-8")
    assert committed == activity_docs.render_markdown(), "run scripts/make_report_docs.py"
    for column in ACTIVITY.columns:
        assert f"`{column.name}`" in committed and f"`{column.alias}`" in committed
