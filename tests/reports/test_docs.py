"""The report docs: made from the schema, committed as generated, complete in both languages."""

import importlib.util
from pathlib import Path

from asfetl.reports import activity_docs
from asfetl.reports.docs import render_markdown
from asfetl.reports.schema import COLUMNS, CROSS_RULES

PROJECT = Path(__file__).resolve().parents[2]
COMMITTED = PROJECT / "docs" / "enterprise_report.md"


def sections() -> dict[str, str]:
    text = render_markdown()
    english = text.index("## English")
    return {"sv": text[text.index("## Svenska") : english], "en": text[english:]}


def load_script():
    spec = importlib.util.spec_from_file_location(
        "make_report_docs", PROJECT / "scripts/make_report_docs.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_docs_are_what_the_schema_generates():
    committed = COMMITTED.read_text(encoding="utf-8")
    assert committed == render_markdown(), "run scripts/make_report_docs.py"
    for column in COLUMNS:
        assert f"`{column.name}`" in committed and f"`{column.alias}`" in committed


def test_both_languages_list_every_column_and_cross_rule():
    for lang, text in sections().items():
        for column in COLUMNS:
            assert f"| `{column.name}` | `{column.alias}` |" in text
            assert (column.help_sv if lang == "sv" else column.help_en) in text
            assert f"| {column.example} |" in text
        for rule in CROSS_RULES:
            assert (rule.message_sv if lang == "sv" else rule.message_en) in text
            assert " + ".join(rule.left) in text and " + ".join(rule.right) in text


def test_every_table_row_has_as_many_cells_as_the_heading():
    for text in sections().values():
        rows = [line for line in text.splitlines() if line.startswith("|")]
        assert len(rows) == len(COLUMNS) + 2
        widths = {line.replace("\\|", "").count("|") for line in rows}
        assert len(widths) == 1, widths


def test_files_headers_and_decisions_are_explained():
    sv, en = sections().values()
    for text in (sv, en):
        for term in (
            "UTF-8",
            "BOM",
            "Windows-1252",
            "JSON",
            ".xlsx",
            "personnummer",
            "`Rapportår`",
        ):
            assert term in text, term
    for term in ("semikolon", "decimalkomma", "hårt mellanslag", "avvisas", "ersätter", "historik"):
        assert term in sv, term
    for term in ("semicolon", "decimal comma", "non-breaking", "rejected", "supersedes", "row"):
        assert term in en, term


def test_the_script_writes_and_checks_the_file(tmp_path, capsys):
    script = load_script()
    target = tmp_path / "docs" / "enterprise_report.md"
    activity = tmp_path / "docs" / "activity_report.md"
    script.TARGETS = {target: render_markdown, activity: activity_docs.render_markdown}
    assert script.main(["--check"]) == 1
    assert script.main([]) == 0
    assert target.read_bytes() == render_markdown().encode("utf-8")
    assert activity.read_bytes() == activity_docs.render_markdown().encode("utf-8")
    assert script.main(["--check"]) == 0
    assert "out of date" not in capsys.readouterr().out.split("wrote")[-1]
