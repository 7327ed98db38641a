"""The GX suites for submitted reports, made from their schemas (never written by hand).

`expectations/<kind>.json` holds the rules that refuse a file (enterprise_report,
activity_report); the warning suite `expectations/enterprise_report.warning.json` flags figures
to check but accepts them. `scripts/make_report_suites.py` writes them all; a test keeps the
committed files in step.
"""

from typing import Any

from asfetl.reports.kinds import ENTERPRISE, KINDS, ReportKind
from asfetl.reports.schema import FIRST_REPORT_YEAR

WARNING_SUITE = "enterprise_report.warning"
FILE_COLUMN = "_file"  # which file of a batch a row came from
TENFOLD_COLUMNS = ("anstallda_totalt", "deltagare", "omsattning_sek", "forsaljning_sek")


def _expectation(kind: str, kwargs: dict, rule: str, en: str, sv: str, **meta: str) -> dict:
    return {
        "type": kind,
        "kwargs": kwargs,
        "meta": {"rule": rule, "message": en, "message_sv": sv, **meta},
    }


def side_column(columns: tuple[str, ...]) -> str:
    """The frame column holding one side of a cross rule (a derived sum when several)."""
    return columns[0] if len(columns) == 1 else "_sum_" + "_".join(columns)


def _column_rules(column) -> list[dict]:
    name = column.name
    rules = [
        _expectation(
            "expect_column_values_to_not_be_null", {"column": name}, f"{name}_required",
            f"the cell is empty: {column.label_en.lower()} is required",
            f"cellen är tom: {column.label_sv.lower()} måste fyllas i",
        )
    ] if column.required else []  # fmt: skip
    if column.kind == "orgnr":
        rules.append(_expectation(
            "expect_column_values_to_match_regex", {"column": name, "regex": r"^\d{6}-\d{4}$"},
            "orgnr_format", "an organisation number has 10 digits: NNNNNN-NNNN",
            "ett organisationsnummer har 10 siffror: NNNNNN-NNNN",
        ))  # fmt: skip
    elif column.kind == "text" and column.max_length:
        rules.append(_expectation(
            "expect_column_value_lengths_to_be_between",
            {"column": name, "min_value": 1, "max_value": column.max_length},
            f"{name}_length", f"at most {column.max_length} characters",
            f"högst {column.max_length} tecken",
        ))  # fmt: skip
    elif column.kind == "municipality":
        rules.append(_expectation(
            "expect_column_values_to_be_in_set",
            {"column": name, "value_set": {"$PARAMETER": "municipality_codes"}},
            "municipality_in_region", "not a municipality of the region",
            "inte en kommun i regionen",
        ))  # fmt: skip
    elif column.kind == "year":
        rules.append(_expectation(
            "expect_column_values_to_be_between",
            {"column": name, "min_value": FIRST_REPORT_YEAR,
             "max_value": {"$PARAMETER": "current_year"}},
            "report_year_in_range", f"the year must be from {FIRST_REPORT_YEAR} to this year",
            f"året måste vara från {FIRST_REPORT_YEAR} till i år",
        ))  # fmt: skip
    elif column.kind == "enum":
        rule = "legal_form_known" if name == "juridisk_form" else f"{name}_known"
        rules.append(_expectation(
            "expect_column_values_to_be_in_set", {"column": name, "value_set": list(column.allowed)},
            rule, "must be one of " + ", ".join(column.allowed),
            "måste vara en av " + ", ".join(column.allowed),
        ))  # fmt: skip
    elif column.kind == "activity":
        rules.append(_expectation(
            "expect_column_values_to_be_in_set",
            {"column": name, "value_set": {"$PARAMETER": "activity_ids"}},
            "activity_in_plan", "not an activity of the action plan (see its list of activities)",
            "inte en aktivitet i handlingsplanen (se planens aktivitetslista)",
        ))  # fmt: skip
    elif column.is_numeric:
        rules.append(_expectation(
            "expect_column_values_to_be_between", {"column": name, "min_value": 0},
            f"{name}_not_negative", "cannot be negative", "får inte vara negativt",
        ))  # fmt: skip
    return rules


KEY_MESSAGES = {
    "enterprise_report": (
        "one_report_per_enterprise_and_year",
        "the same enterprise and year occur more than once in this file",
        "samma företag och år förekommer flera gånger i filen",
    ),
    "activity_report": (
        "one_follow_up_per_activity_and_year",
        "the same activity and year occur more than once in this file",
        "samma aktivitet och år förekommer flera gånger i filen",
    ),
}


def build_suite(kind: ReportKind = ENTERPRISE) -> dict[str, Any]:
    expectations = [rule for column in kind.columns for rule in _column_rules(column)]
    rule, en, sv = KEY_MESSAGES[kind.dataset]
    expectations.append(
        _expectation(
            "expect_compound_columns_to_be_unique",
            # _file: several files are checked in one run; the rule holds within each file
            {"column_list": [FILE_COLUMN, *kind.key]},
            rule, en, sv, columns=", ".join(kind.key),
        )
    )  # fmt: skip
    for cross in kind.cross_rules:
        expectations.append(
            _expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                {
                    "column_A": side_column(cross.right),
                    "column_B": side_column(cross.left),
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                cross.rule,
                cross.message_en,
                cross.message_sv,
                columns=", ".join(cross.left),
            )
        )
    return {
        "name": kind.dataset,
        "meta": {
            "dataset": f"{kind.title_en}: one row per {' and '.join(kind.key)}, typed",
            "generated_from": "asfetl/reports/kinds.py by scripts/make_report_suites.py",
            "parameters": {
                "municipality_codes": "the region's municipality codes",
                "current_year": "this calendar year",
                "activity_ids": "the action plan's activity ids (plan_activities.csv of "
                "ASFETL_PLAN_DIR, by default the example in sql/seeds)",
            },
        },
        "expectations": expectations,
    }


def all_suites() -> dict[str, dict[str, Any]]:
    """Every generated suite by name: one per report kind, and the enterprise warning suite."""
    suites = {kind.dataset: build_suite(kind) for kind in KINDS}
    return suites | {WARNING_SUITE: build_warning_suite()}


def build_warning_suite() -> dict[str, Any]:
    return {
        "name": WARNING_SUITE,
        "meta": {
            "dataset": "enterprise reports joined to the same enterprise's previous year",
            "generated_from": "asfetl/reports/schema.py by scripts/make_report_suites.py",
        },
        "expectations": [
            _expectation(
                "expect_column_values_to_be_between",
                {"column": f"_ratio_{name}", "min_value": 0.1, "max_value": 10},
                "tenfold_change",
                "more than ten times (or under a tenth of) last year's figure: please check",
                "mer än tio gånger (eller under en tiondel av) förra årets siffra: kontrollera",
                severity="warning",
                columns=name,
            )
            for name in TENFOLD_COLUMNS
        ],
    }
