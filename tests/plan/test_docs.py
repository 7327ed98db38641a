"""docs/plan.md documents every column of the plan files, as the template's README does."""

from asfetl.paths import PACKAGE_DIR
from asfetl.plan.columns import columns_markdown
from asfetl.plan.messages import MESSAGES

DOC = PACKAGE_DIR.parent / "docs" / "plan.md"


def test_the_doc_has_every_column_in_swedish_and_english():
    text = DOC.read_text(encoding="utf-8")
    assert columns_markdown("en") in text and columns_markdown("sv") in text
    assert "asfetl plan template" in text and "asfetl plan check" in text
    assert "ASFETL_PLAN_DIR" in text


def test_every_rule_has_a_message_in_both_languages():
    for rule, (en, sv) in MESSAGES.items():
        assert en and sv and en != sv, rule
