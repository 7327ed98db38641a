"""Reading report files as submitters make them: CSV from Swedish Excel, XLSX, JSON, and broken files."""

import datetime as dt
import json

import openpyxl
import pytest

from asfetl.reports.identifiers import REDACTED
from asfetl.reports.readers import read_report
from asfetl.reports.schema import COLUMNS

HEADERS = [c.name for c in COLUMNS]
ALIASES = [c.alias for c in COLUMNS]
ROW = {
    "organisationsnummer": "769612-3459",
    "foretagsnamn": "Kafé Åkern ek. för.",
    "kommunkod": "1880",
    "rapportar": "2024",
    "juridisk_form": "ekonomisk_forening",
    "anstallda_totalt": "12",
    "anstallda_malgrupp": "8",
    "deltagare": "20",
    "overgang_arbete": "3",
    "overgang_studier": "1",
    "omsattning_sek": "4\u00a0500\u00a0000,50",
    "forsaljning_sek": "3 100 000",
    "offentliga_avtal": "4",
    "reserverade_avtal": "1",
}


COMMA_SAFE = {**ROW, "omsattning_sek": "4500000.5"}


def csv_text(headers, rows, sep=";"):
    return "\r\n".join(sep.join(cells) for cells in [headers, *rows]) + "\r\n"


def rules(result):
    return [f.rule for f in result.findings]


def test_swedish_excel_csv_in_cp1252_with_semicolons(tmp_path):
    headers = [*HEADERS]
    headers[3], headers[5], headers[6] = " Rapportår ", "Employees-Total", "anställda målgrupp"
    other = {**ROW, "foretagsnamn": "Öppna Händer AB", "kommunkod": "114"}
    path = tmp_path / "rapport.csv"
    path.write_bytes(csv_text(headers, [list(ROW.values()), list(other.values())]).encode("cp1252"))
    result = read_report(path)
    assert result.findings == []
    assert result.file_format == "csv"
    assert result.details == {"encoding": "cp1252", "delimiter": ";", "header_row": 1}
    assert list(result.frame.columns) == ["row_id", *HEADERS]
    assert list(result.frame["row_id"]) == [2, 3]
    first = result.frame.iloc[0]
    assert first["foretagsnamn"] == "Kafé Åkern ek. för."
    assert first["omsattning_sek"] == "4\u00a0500\u00a0000,50"  # typing numbers is normalise's job
    assert (first["rapportar"], first["anstallda_totalt"]) == ("2024", "12")
    assert result.frame.iloc[1]["kommunkod"] == "114"


def test_utf8_bom_with_commas_quotes_blank_lines_and_english_headers(tmp_path):
    row = {
        **ROW,
        "foretagsnamn": '"Kafé, bageri\noch ""catering"""',
        "omsattning_sek": '"4500000,5"',
    }
    lines = [",".join(ALIASES), ",".join(row.values()), ",,,", "", ",".join(COMMA_SAFE.values())]
    path = tmp_path / "report.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8"))
    result = read_report(path)
    assert result.findings == []
    assert result.details["encoding"] == "utf-8-sig" and result.details["delimiter"] == ","
    # The quoted name spans lines 2–3; the blank lines 4–5 are skipped; the next record is line 6.
    assert list(result.frame["row_id"]) == [2, 6]
    assert result.frame.iloc[0]["foretagsnamn"] == 'Kafé, bageri\noch "catering"'
    assert result.frame.iloc[0]["omsattning_sek"] == "4500000,5"


def test_plain_utf8_tabs_and_empty_cells_are_none(tmp_path):
    row = {**ROW, "deltagare": "  ", "overgang_studier": ""}
    path = tmp_path / "r.txt"
    path.write_text(csv_text(HEADERS, [list(row.values())], sep="\t"), encoding="utf-8")
    result = read_report(path)
    assert result.details["encoding"] == "utf-8" and result.details["delimiter"] == "\t"
    record = result.frame.iloc[0]
    assert record["deltagare"] is None and record["overgang_studier"] is None
    assert result.frame["deltagare"].dtype == object  # text, not pandas' NaN-holding str dtype


def test_excel_sep_line_names_the_delimiter_and_counts_as_a_line(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("sep=,\n" + csv_text(HEADERS, [list(COMMA_SAFE.values())], sep=","), "utf-8")
    result = read_report(path)
    assert result.findings == [] and result.details["delimiter"] == ","
    assert list(result.frame["row_id"]) == [3] and result.details["header_row"] == 2


def test_header_problems(tmp_path):
    headers = [*HEADERS[:-2], "Anteckning", "municipality_code", "", ""]
    row = [*list(ROW.values())[:-2], "ring Anna", "1881", "", "x"]
    path = tmp_path / "r.csv"
    path.write_text(csv_text(headers, [row]), encoding="utf-8")
    result = read_report(path)
    found = {(f.rule, f.column, f.value, f.severity, f.row) for f in result.findings}
    assert found == {
        ("column_unknown", None, "Anteckning", "warning", 1),
        ("column_duplicated", "kommunkod", "municipality_code", "error", 1),
        ("column_without_header", None, None, "warning", 1),  # the last one; the other is empty
        ("column_missing", "offentliga_avtal", None, "error", 1),
        ("column_missing", "reserverade_avtal", None, "error", 1),
    }
    assert result.frame.iloc[0]["kommunkod"] == "1880"  # the first of the two is read
    assert "Anteckning" not in result.frame and len(result.frame.columns) == 13
    unnamed = next(f for f in result.findings if f.rule == "column_without_header")
    assert "column 16" in unnamed.message and "kolumn 16" in unnamed.message_sv
    for finding in result.findings:
        assert finding.dataset == "enterprise_report" and finding.file == "r.csv"
        assert finding.message and finding.message_sv and finding.message != finding.message_sv


def test_a_row_longer_than_the_header_is_an_error(tmp_path):
    # Comma separated, and a decimal comma without quotes: every later cell moves one step right.
    row = list(ROW.values())
    row[10] = "4500000,50"
    path = tmp_path / "r.csv"
    path.write_text(",".join(HEADERS) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    result = read_report(path)
    assert [(f.rule, f.row, f.value) for f in result.findings] == [("row_extra_cells", 2, "1")]


def test_a_header_only_file_has_no_rows_and_no_findings(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(";".join(HEADERS) + "\n", encoding="utf-8")
    result = read_report(path)
    assert result.findings == [] and result.frame.empty and "row_id" in result.frame


def write_xlsx(path, rows, *, start_row=1, extra=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Rapport"
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            sheet.cell(start_row + offset, col, value)
    if extra:
        extra(workbook)
    workbook.save(path)
    return path


def test_xlsx_numbers_text_dates_and_a_formula(tmp_path):
    as_text = list(ROW.values())
    as_numbers = [7696123459, "Två", 114, 2024.0, "aktiebolag", 12, 8.0, 20, 3, 1, 4500000.5,
                  3100000, 4, dt.datetime(2024, 3, 1)]  # fmt: skip
    with_formula = [*as_text[:5], "=F4*2", *as_text[6:]]
    path = write_xlsx(tmp_path / "rapport.xlsx", [HEADERS, as_text, as_numbers, with_formula],
                      start_row=3)  # fmt: skip
    result = read_report(path)
    assert result.file_format == "xlsx"
    assert result.details == {"sheet": "Rapport", "header_row": 3}
    assert list(result.frame["row_id"]) == [4, 5, 6]
    typed = result.frame.set_index("row_id")
    assert typed.loc[4, "omsattning_sek"] == "4\u00a0500\u00a0000,50"
    assert typed.loc[5, "organisationsnummer"] == "7696123459"
    assert typed.loc[5, "kommunkod"] == "114" and typed.loc[5, "rapportar"] == "2024"
    assert (
        typed.loc[5, "anstallda_malgrupp"] == "8" and typed.loc[5, "omsattning_sek"] == "4500000.5"
    )
    assert typed.loc[5, "reserverade_avtal"] == "2024-03-01"
    assert typed.loc[6, "anstallda_totalt"] is None  # never evaluated
    (formula,) = result.findings
    assert (formula.rule, formula.row, formula.column, formula.value, formula.severity) == (
        "formula_cell", 6, "anstallda_totalt", "=F4*2", "error"
    )  # fmt: skip
    assert "formula" in formula.message and "formel" in formula.message_sv


def test_xlsx_is_recognised_by_content_and_reads_only_the_first_sheet(tmp_path):
    def second_sheet(workbook):
        workbook.create_sheet("Instruktioner").append(["organisationsnummer", "kommer inte med"])

    path = write_xlsx(tmp_path / "upload.bin", [HEADERS, list(ROW.values())], extra=second_sheet)
    result = read_report(path)
    assert result.file_format == "xlsx" and result.findings == []
    assert len(result.frame) == 1 and result.frame.iloc[0]["foretagsnamn"] == ROW["foretagsnamn"]


def test_xlsx_personnummer_outside_the_read_cells_is_found_but_not_shown(tmp_path):
    number = "811218-9876"

    def notes(workbook):
        workbook.create_sheet("Kontakter")["B4"] = f"Anna {number}"

    rows = [[*HEADERS, "Kontakt"], [*ROW.values(), number]]
    result = read_report(write_xlsx(tmp_path / "r.xlsx", rows, extra=notes))
    found = [(f.rule, f.row, f.value) for f in result.findings if f.rule == "personnummer_found"]
    assert found == [("personnummer_found", 2, REDACTED), ("personnummer_found", None, REDACTED)]
    assert number not in repr(result.findings)
    assert "'Kontakter', cell B4" in result.findings[-1].message


def test_a_stray_far_away_cell_does_not_build_the_whole_rectangle(tmp_path):
    def far(workbook):
        workbook.active["XFD1048576"] = "x"

    result = read_report(write_xlsx(tmp_path / "r.xlsx", [HEADERS, list(ROW.values())], extra=far))
    assert rules(result) == ["column_without_header"] and list(result.frame["row_id"]) == [2]


def test_truncated_xlsx_is_unreadable(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [HEADERS, list(ROW.values())]).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])
    result = read_report(path)
    assert rules(result) == ["file_unreadable"] and result.file_format is None
    assert "Excel" in result.findings[0].message


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b"", "file_empty"),
        (b"\xef\xbb\xbf \r\n\t\n", "file_empty"),
        (b";;;\n;;\n", "file_empty"),
        (b"\x00\x01\x02\xff\xfe garbage \x00" * 50, "file_unreadable"),
        (bytes(range(1, 32)) * 20, "file_unreadable"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "file_unreadable"),  # neither UTF-8 nor cp1252
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file_unreadable"),  # old .xls
        (b'[{"organisationsnummer": ', "file_unreadable"),
        (b'{"rows": []}', "json_not_a_list"),
    ],
)
def test_files_that_cannot_be_reports(tmp_path, content, rule):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = read_report(path)
    assert rules(result) == [rule]
    (finding,) = result.findings
    assert finding.row is None and finding.column is None and finding.severity == "error"
    assert finding.message and finding.message_sv and finding.message_sv != finding.message


def test_a_missing_file_is_unreadable_not_an_exception(tmp_path):
    assert rules(read_report(tmp_path / "gone.csv")) == ["file_unreadable"]


def test_too_large_is_refused_unread(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(csv_text(HEADERS, [list(ROW.values())] * 20), encoding="utf-8")
    result = read_report(path, max_bytes=1000)
    assert rules(result) == ["file_too_large"] and result.frame.empty
    assert "MB" in result.findings[0].message


def test_json_list_of_objects(tmp_path):
    items = [
        {**ROW, "rapportar": 2024, "anstallda_totalt": 12, "omsattning_sek": 4500000.5},
        "not an object",
        {key: None for key in ROW},  # blank: skipped
        {**ROW, "Anteckning": "x", "kommunkod": 1880.0, "forsaljning_sek": None},
    ]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    result = read_report(path)
    assert result.file_format == "json" and result.details == {"encoding": "utf-8"}
    assert list(result.frame["row_id"]) == [1, 4]
    assert {(f.rule, f.row, f.value) for f in result.findings} == {
        ("json_item_not_an_object", 2, "not an object"),
        ("column_unknown", None, "Anteckning"),
    }
    first, last = result.frame.iloc[0], result.frame.iloc[1]
    assert (first["rapportar"], first["omsattning_sek"]) == ("2024", "4500000.5")
    assert last["kommunkod"] == "1880" and last["forsaljning_sek"] is None


def test_json_missing_columns_and_an_empty_list(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps([{"organisationsnummer": "769612-3459"}]), encoding="utf-8")
    missing = read_report(path)
    assert rules(missing) == ["column_missing"] * (len(HEADERS) - 1)
    path.write_text("  [ ]", encoding="utf-8")
    empty = read_report(path)
    assert empty.findings == [] and empty.frame.empty and empty.file_format == "json"
