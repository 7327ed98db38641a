"""A cross-column finding that names each value ('anställda i målgruppen 10 är fler än anställda
totalt −3'), and the order findings are read in: row by row, a cell's own rule (the cause)
before a rule between cells (the consequence)."""

from dataclasses import replace

import pandas as pd

from asfetl.findings import Finding
from asfetl.reports.kinds import KINDS, ReportKind, column_of
from asfetl.reports.schema import CrossRule

CROSS_RULES = {rule.rule for kind in KINDS for rule in kind.cross_rules}
VERBS = {
    "sv": {"integer": "är fler än", "number": "är större än"},
    "en": {"integer": "is more than", "number": "is more than"},
}


def number_text(value: object, lang: str) -> str:
    """A figure as the submitter reads it: '4 500 000', '12,5' (sv) or '4,500,000' (en); a
    minus sign, not a hyphen."""
    number = float(value)
    whole = number == int(number)
    text = f"{abs(number):,.0f}" if whole else f"{abs(number):,.2f}".rstrip("0").rstrip(".")
    if lang == "sv":
        text = text.replace(",", " ").replace(".", ",")
    return ("\u2212" if number < 0 else "") + text


def _side(columns: tuple[str, ...], row: pd.Series, lang: str) -> str:
    parts = []
    for name in columns:
        column = column_of(name)
        label = (column.label_sv if lang == "sv" else column.label_en).lower()
        parts.append(f"{label} {number_text(row[name], lang)}")
    return " + ".join(parts)


def named(rule: CrossRule, row: pd.Series, lang: str) -> str:
    """'anställda i målgruppen 10 är fler än anställda totalt −3'."""
    verb = VERBS[lang][column_of(rule.left[0]).kind]
    return f"{_side(rule.left, row, lang)} {verb} {_side(rule.right, row, lang)}"


def with_named_values(findings: list[Finding], rows: pd.DataFrame, kind: ReportKind) -> list:
    """Each cross-column finding of `kind` saying which value is which, in both languages;
    its value the two sides' sums as 'left > right'."""
    rules = {rule.rule: rule for rule in kind.cross_rules}
    by_row = rows.set_index("row_id", drop=False) if "row_id" in rows else None
    out = []
    for finding in findings:
        rule = rules.get(finding.rule)
        if rule is None or by_row is None or finding.row not in by_row.index:
            out.append(finding)
            continue
        row = by_row.loc[finding.row]
        if any(pd.isna(row[c]) for c in (*rule.left, *rule.right)):
            out.append(finding)
            continue
        sums = [sum(float(row[c]) for c in side) for side in (rule.left, rule.right)]
        out.append(
            replace(
                finding,
                value=f"{number_text(sums[0], 'sv')} > {number_text(sums[1], 'sv')}",
                message=f"{named(rule, row, 'en')}: {rule.message_en}",
                message_sv=f"{named(rule, row, 'sv')}: {rule.message_sv}",
            )
        )
    return out


def reading_order(finding: Finding) -> tuple:
    """Row by row (the whole file's findings first); within a row, each cell's own rule in
    the column order of the template, then the rules between cells."""
    columns = (finding.column or "").split(", ")  # a rule between cells names them all
    column = column_of(columns[0])
    position = next(
        (k.names.index(column.name) for k in KINDS if column and column.name in k.by_name), 99
    )
    consequence = finding.rule in CROSS_RULES or len(columns) > 1
    return (finding.row is not None, finding.row or 0, consequence, position, finding.rule)
