"""Turn a report's cell texts into typed values, the way Swedish spreadsheets write them."""

import re
from decimal import Decimal, InvalidOperation

import pandas as pd

from asfetl import geography
from asfetl.findings import Finding
from asfetl.plan.activities import activity_id
from asfetl.reports import identifiers
from asfetl.reports.kinds import column_of
from asfetl.reports.schema import Column

DATASET = "enterprise_report"
ROW_ID = "row_id"

# Spaces Excel and Word put between thousands: ordinary, no-break, narrow no-break, thin.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_CURRENCY = re.compile(r"\s*(?:kr\.?|sek|:-)\s*$", re.IGNORECASE)
_GROUPED = re.compile(r"[0-9]{1,3}(?:[ ][0-9]{3})+")  # '4 500 000' after spaces are unified
_PLAIN = re.compile(r"[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+|[0-9]+[.,]")
_SCIENTIFIC = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+")  # how a spreadsheet writes 1e-07

LARGEST = Decimal(2**53)
DTYPES = {"integer": "Int64", "year": "Int64", "number": "Float64"}  # other kinds: string

MESSAGES = {
    "not_a_number": (
        "not a number: write digits only, e.g. 4500000 or 4 500 000,50",
        "inte ett tal: skriv bara siffror, t.ex. 4500000 eller 4 500 000,50",
    ),
    "whole_number": (
        "must be a whole number (it counts people or contracts)",
        "måste vara ett heltal (det räknar personer eller avtal)",
    ),
    "not_a_year": ("not a year: write four digits, e.g. 2024", "inte ett år: skriv fyra siffror, t.ex. 2024"),
    "number_too_large": (
        "the number is far too large to be a report figure",
        "talet är alldeles för stort för att vara en rapportsiffra",
    ),
    "municipality_code_format": (
        "write the municipality as its code (four digits, e.g. 1880) or its name (e.g. Örebro)",
        "skriv kommunen som kod (fyra siffror, t.ex. 1880) eller namn (t.ex. Örebro)",
    ),
    "municipality_near_miss": (
        "not a municipality's code or name: did you mean {name} ({code})?",
        "inte en kommuns kod eller namn: menade du {name} ({code})?",
    ),
}  # fmt: skip

# Ways people write the legal forms, once folded (lower case, å/ä/ö → a/a/o, punctuation → '_').
LEGAL_FORM_SPELLINGS = {
    "ab": "aktiebolag",
    "ab_svb": "aktiebolag",  # aktiebolag med särskild vinstutdelningsbegränsning, common among ASF
    "aktiebolag_svb": "aktiebolag",
    "limited_company": "aktiebolag",
    "ek_for": "ekonomisk_forening",
    "ek_forening": "ekonomisk_forening",
    "economic_association": "ekonomisk_forening",
    "cooperative": "ekonomisk_forening",
    "ideell": "ideell_forening",
    "non_profit_association": "ideell_forening",
    "foundation": "stiftelse",
    "annat": "annan",
    "other": "annan",
    # the activity follow-up's status
    "ej_paborjat": "ej_paborjad",
    "inte_paborjad": "ej_paborjad",
    "not_started": "ej_paborjad",
    "paborjat": "paborjad",
    "pagaende": "paborjad",
    "pagar": "paborjad",
    "started": "paborjad",
    "ongoing": "paborjad",
    "in_progress": "paborjad",
    "avslutat": "avslutad",
    "genomford": "avslutad",
    "genomfort": "avslutad",
    "klar": "avslutad",
    "completed": "avslutad",
    "done": "avslutad",
    "installt": "installd",
    "cancelled": "installd",
    "canceled": "installd",
}


def parse_number(text: str) -> Decimal | None:
    """A number as Swedish Excel writes it ('4 500 000,50', '1880', '+12', '3,1 kr'), or None."""
    cleaned = _CURRENCY.sub("", str(text).strip())
    for space in _GROUP_SPACES:
        cleaned = cleaned.replace(space, " ")
    sign = ""
    if cleaned[:1] in ("+", "-", "\u2212"):  # Excel may show the minus as U+2212
        sign, cleaned = ("" if cleaned[0] == "+" else "-"), cleaned[1:].lstrip()
    whole, separator, fraction = cleaned, "", ""
    if "," in cleaned and "." in cleaned:
        # Both: the last one is the decimal mark ('4.500.000,50' or '4,500,000.50').
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        whole, separator, fraction = cleaned.rpartition(decimal_mark)
        whole = whole.replace("." if decimal_mark == "," else ",", " ")
    elif cleaned.count(",") > 1 or cleaned.count(".") > 1:
        whole = cleaned.replace(",", " ").replace(".", " ")  # '4.500.000': grouping only
    elif " " in cleaned and re.search(r"[.,][0-9]+$", cleaned):
        whole, separator, fraction = re.split(r"([.,])(?=[0-9]+$)", cleaned)
    if separator and not re.fullmatch(r"[0-9]*", fraction):
        return None
    if " " in whole:
        if not _GROUPED.fullmatch(whole):  # '45 00' is two numbers or a typo, not 4500
            return None
        whole = whole.replace(" ", "")
    candidate = whole + ("." + fraction if separator else "")
    if _SCIENTIFIC.fullmatch(candidate):
        return Decimal(sign + candidate)
    if not _PLAIN.fullmatch(candidate):
        return None
    try:
        return Decimal(sign + candidate.replace(",", ".").rstrip("."))
    except InvalidOperation:
        return None


def fold_enum(text: str, column: Column) -> str:
    """'Ekonomisk förening' → 'ekonomisk_forening', 'AB' → 'aktiebolag', 'Pågående' → 'paborjad';
    a value the column does not allow stays as typed, for the suite to report."""
    folded = text.strip().casefold().translate(str.maketrans("åäöé", "aaoe"))
    folded = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")
    folded = LEGAL_FORM_SPELLINGS.get(folded, folded)
    return folded if folded in column.allowed else text.strip()


def fold_legal_form(text: str) -> str:
    return fold_enum(text, column_of("juridisk_form"))


def municipality_code(text: str) -> str | None:
    """'1880', '1880.0', '114' → '1880' / '0114'; None when it is not a four-digit code."""
    cleaned = text.strip()
    number = re.fullmatch(r"([0-9]+)(?:[.,]0+)?", cleaned)  # a code stored as a number
    if number is None:
        return None
    digits = number.group(1)
    digits = digits.zfill(4) if len(digits) == 3 else digits  # Excel dropped the leading zero
    return digits if len(digits) == 4 else None


def _text(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value).strip() or None


def normalise(result_frame: pd.DataFrame, *, file: str) -> tuple[pd.DataFrame, list[Finding]]:
    """Typed values for each report column, and a finding for every cell that cannot be typed."""
    findings: list[Finding] = []
    out: dict[str, object] = {}  # one frame built at the end: cheaper than column by column
    row_ids = list(result_frame[ROW_ID]) if ROW_ID in result_frame else [None] * len(result_frame)

    def report(rule: str, row: object, column: str, value: str, **words: str) -> None:
        en, sv = (text.format(**words) for text in MESSAGES[rule])
        findings.append(
            Finding(DATASET, file, None if row is None else int(row), column, rule, value, en,
                    "error", sv)
        )  # fmt: skip

    for name in result_frame.columns:
        column = column_of(name)
        if column is None:  # row_id, or a column this module does not know: left as it is
            out[name] = result_frame[name]
            continue
        texts = [_text(v) for v in result_frame[name]]
        values: list[object] = []
        for row, text in zip(row_ids, texts, strict=True):
            values.append(None if text is None else _typed(column, text, row, name, report))
        dtype = DTYPES.get(column.kind, "string")
        out[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(out, index=result_frame.index), findings


def _typed(column: Column, text: str, row: object, name: str, report) -> object:
    """One cell's typed value; a problem is reported and the value becomes NULL (or stays text)."""
    kind = column.kind
    if kind in ("integer", "number", "year"):
        number = parse_number(text)
        if number is None:
            report("not_a_year" if kind == "year" else "not_a_number", row, name, text)
            return None
        if abs(number) >= LARGEST:  # beyond what Int64 and Float64 columns hold exactly
            report("number_too_large", row, name, text)
            return None
        if kind == "number":
            return float(number)
        if number != number.to_integral_value():
            report("not_a_year" if kind == "year" else "whole_number", row, name, text)
            return None
        return int(number)
    if kind == "municipality":
        code = municipality_code(text)
        named = geography.municipality_named(text) if code is None else None
        if named is not None:  # 'Kumla' is as good as 1881
            return named.code
        if code is None:
            near = geography.closest_municipality(text)
            if near is not None:
                report("municipality_near_miss", row, name, text, name=near.name, code=near.code)
            else:
                report("municipality_code_format", row, name, text)
        return code or text  # kept as typed, so the region check shows it too
    if kind == "orgnr":
        return identifiers.normalise_orgnr(text) or text  # the identifier check reports it
    if kind == "enum":
        return fold_enum(text, column)
    if kind == "activity":
        return activity_id(text)
    return text
