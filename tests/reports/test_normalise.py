"""Typing report cells: Swedish number formats, codes stored as numbers, legal forms, findings."""

import pandas as pd
import pytest

from asfetl.reports.normalise import fold_legal_form, municipality_code, normalise, parse_number
from asfetl.reports.readers import read_report
from asfetl.reports.schema import COLUMNS

TEXT_ROW = {
    "organisationsnummer": "7696123459",
    "foretagsnamn": "  Kafé Åkern ek. för. ",
    "kommunkod": "114",
    "rapportar": "2024",
    "juridisk_form": "Ekonomisk förening",
    "anstallda_totalt": "12,0",
    "anstallda_malgrupp": "8",
    "deltagare": "+20",
    "overgang_arbete": "3",
    "overgang_studier": "1",
    "omsattning_sek": "4\u00a0500\u00a0000,50",
    "forsaljning_sek": "3\u202f100\u202f000 kr",
    "offentliga_avtal": "4",
    "reserverade_avtal": None,
}


def frame(*rows: dict, first_row: int = 2) -> pd.DataFrame:
    data = {"row_id": pd.Series(range(first_row, first_row + len(rows)), dtype="int64")}
    for column in rows[0]:
        data[column] = pd.Series([row.get(column) for row in rows], dtype=object)
    return pd.DataFrame(data)


def one(column: str, text: str | None):
    typed, findings = normalise(frame({column: text}), file="r.csv")
    return typed[column].iloc[0], findings


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("4 500 000,50", 4500000.5),
        ("4\u00a0500\u00a0000,50", 4500000.5),
        ("4\u202f500\u202f000", 4500000),
        ("4500000.5", 4500000.5),
        ("4500000,5", 4500000.5),
        ("+12", 12),
        ("-3", -3),
        ("\u22123", -3),
        ("3 100 000 kr", 3100000),
        ("3100000 SEK", 3100000),
        ("4.500.000,50", 4500000.5),
        ("4,500,000.50", 4500000.5),
        ("1e-07", 1e-07),
        (",5", 0.5),
    ],
)
def test_parse_number_reads_what_spreadsheets_write(text, number):
    assert float(parse_number(text)) == number


@pytest.mark.parametrize("text", ["", "tolv", "12 st", "45 00", "1.2.3", "4 500 tkr", "NaN", "--3"])
def test_parse_number_refuses_the_rest(text):
    assert parse_number(text) is None


def test_a_whole_row_is_typed(tmp_path):
    typed, findings = normalise(frame(TEXT_ROW), file="r.csv")
    assert findings == []
    row = typed.iloc[0]
    assert row["row_id"] == 2
    assert row["organisationsnummer"] == "769612-3459"
    assert row["foretagsnamn"] == "Kafé Åkern ek. för."
    assert row["kommunkod"] == "0114"
    assert row["rapportar"] == 2024
    assert row["juridisk_form"] == "ekonomisk_forening"
    assert (row["anstallda_totalt"], row["deltagare"]) == (12, 20)
    assert row["omsattning_sek"] == 4500000.5 and row["forsaljning_sek"] == 3100000.0
    assert pd.isna(row["reserverade_avtal"])
    dtypes = {c.name: str(typed[c.name].dtype) for c in COLUMNS}
    for column in COLUMNS:
        expected = {"integer": "Int64", "year": "Int64", "number": "Float64"}.get(column.kind)
        assert dtypes[column.name] == (expected or "string"), column.name
    assert str(typed["row_id"].dtype) == "int64"


@pytest.mark.parametrize(
    ("column", "text", "rule"),
    [
        ("anstallda_totalt", "12,5", "whole_number"),
        ("anstallda_totalt", "tolv", "not_a_number"),
        ("omsattning_sek", "4,5 miljoner", "not_a_number"),
        ("omsattning_sek", "1" * 30, "number_too_large"),
        ("rapportar", "år 2024", "not_a_year"),
        ("rapportar", "2024,5", "not_a_year"),
    ],
)
def test_cells_that_cannot_be_typed_become_null_with_a_finding(column, text, rule):
    value, findings = one(column, text)
    assert pd.isna(value)
    (finding,) = findings
    assert (finding.row, finding.column, finding.rule, finding.value) == (2, column, rule, text)
    assert finding.dataset == "enterprise_report" and finding.file == "r.csv"
    assert finding.severity == "error" and finding.message and finding.message_sv


def test_negative_numbers_are_kept_for_the_suite_to_judge():
    assert one("deltagare", "-1") == (-1, [])
    assert one("omsattning_sek", "-4 500,5") == (-4500.5, [])


@pytest.mark.parametrize(
    ("text", "code"),
    [("1880", "1880"), ("1880.0", "1880"), ("114", "0114"), ("0114", "0114"), (" 1814 ", "1814")],
)
def test_municipality_codes(text, code):
    assert municipality_code(text) == code
    assert one("kommunkod", text) == (code, [])


@pytest.mark.parametrize("text", ["18", "18800", "Örebro län", "1880a", "18 80"])
def test_a_bad_municipality_code_is_kept_as_typed(text):
    value, (finding,) = one("kommunkod", text)
    assert value == text.strip() and finding.rule == "municipality_code_format"
    assert finding.value == text


@pytest.mark.parametrize(
    ("text", "code"), [("Kumla", "1881"), ("orebro", "1880"), ("LEKEBERG", "1814")]
)
def test_a_municipality_may_be_given_by_name(text, code):
    assert one("kommunkod", text) == (code, [])


@pytest.mark.parametrize(
    ("text", "said"), [("Kumlaa", "Kumla (1881)"), ("Hallsbergg", "Hallsberg (1861)")]
)
def test_a_near_miss_of_a_name_is_answered_with_the_likely_municipality(text, said):
    value, (finding,) = one("kommunkod", text)
    assert value == text and finding.rule == "municipality_near_miss" and finding.value == text
    assert finding.message_sv == f"inte en kommuns kod eller namn: menade du {said}?"
    assert finding.message == f"not a municipality's code or name: did you mean {said}?"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("7696123459", "769612-3459"),
        ("167696123459", "769612-3459"),
        ("769612-3459", "769612-3459"),
        ("7696-123459", "7696-123459"),  # cannot be normalised: kept for the identifier check
        ("okänt", "okänt"),
    ],
)
def test_orgnr(text, canonical):
    assert one("organisationsnummer", text) == (canonical, [])


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Ekonomisk förening", "ekonomisk_forening"),
        ("EKONOMISK-FÖRENING", "ekonomisk_forening"),
        ("ek. för.", "ekonomisk_forening"),
        ("Ideell förening", "ideell_forening"),
        ("AB", "aktiebolag"),
        ("Aktiebolag", "aktiebolag"),
        ("AB (svb)", "aktiebolag"),
        ("stiftelse", "stiftelse"),
        ("Annan", "annan"),
        ("Kommunalt bolag ", "Kommunalt bolag"),  # unknown: as typed, for the suite to report
    ],
)
def test_legal_forms(text, form):
    assert fold_legal_form(text) == form
    assert one("juridisk_form", text) == (form, [])


def test_empty_text_is_null_and_nan_is_tolerated():
    for empty in ("", "   ", None, float("nan")):
        value, findings = one("foretagsnamn", empty)
        assert pd.isna(value) and findings == []


def test_read_then_normalise_a_swedish_excel_csv(tmp_path):
    names = [c.name for c in COLUMNS]
    row = {**TEXT_ROW, "forsaljning_sek": "3 100 000"}  # cp1252 has no narrow no-break space
    values = [row[n] or "" for n in names]
    bad = [*values]
    bad[names.index("deltagare")] = "många"
    path = tmp_path / "r.csv"
    text = "\r\n".join(";".join(cells) for cells in (names, values, bad))
    path.write_bytes(text.encode("cp1252"))
    read = read_report(path)
    typed, findings = normalise(read.frame, file="r.csv")
    assert list(typed["row_id"]) == [2, 3]
    assert list(typed["omsattning_sek"]) == [4500000.5, 4500000.5]
    assert [(f.row, f.column, f.rule) for f in findings] == [(3, "deltagare", "not_a_number")]
