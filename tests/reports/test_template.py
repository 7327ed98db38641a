"""The blank report template: headers, help, data validation and instructions, all from the schema."""

from datetime import date

import openpyxl
import pytest

from asfetl import geography
from asfetl.reports.schema import COLUMNS, CROSS_RULES, FIRST_REPORT_YEAR
from asfetl.reports.template import write_template

SHEETS = {"sv": ("Rapport", "Instruktioner", "Listor"), "en": ("Report", "Instructions", "Lists")}


def letter_of(name: str) -> str:
    index = [c.name for c in COLUMNS].index(name) + 1
    return openpyxl.utils.get_column_letter(index)


def validations_by_column(sheet) -> dict[str, object]:
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[cell_range.coord] = validation
    return {c.name: found.get(f"{letter_of(c.name)}2:{letter_of(c.name)}1000") for c in COLUMNS}


def text_of(sheet) -> str:
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_report_sheet_has_the_canonical_headers_and_help(tmp_path, lang):
    path = write_template(tmp_path / "t.xlsx", lang=lang)
    workbook = openpyxl.load_workbook(path)
    assert tuple(workbook.sheetnames) == SHEETS[lang]
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == [c.name for c in COLUMNS]  # the same in both languages
    assert sheet.max_row == 1  # no empty styled rows: pasted rows start in row 2
    assert sheet.freeze_panes == "A2"
    for column, cell in zip(COLUMNS, sheet[1], strict=True):
        assert cell.font.bold
        assert sheet.column_dimensions[cell.column_letter].width >= len(column.name)
        assert (column.help_sv if lang == "sv" else column.help_en) in cell.comment.text
        other = column.help_en if lang == "sv" else column.help_sv
        assert other not in cell.comment.text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_data_validation_follows_the_schema(tmp_path, lang):
    sheet = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", lang=lang)).worksheets[0]
    rules = validations_by_column(sheet)
    for column in COLUMNS:
        rule = rules[column.name]
        if column.kind == "integer":
            assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
        elif column.kind == "number":
            assert (rule.type, rule.operator, rule.formula1) == (
                "decimal",
                "greaterThanOrEqual",
                "0",
            )
        elif column.kind == "year":
            assert (rule.type, rule.operator) == ("whole", "between")
            assert (rule.formula1, rule.formula2) == (
                str(FIRST_REPORT_YEAR),
                str(date.today().year),
            )
        elif column.kind == "enum":
            assert rule.type == "list"
            assert rule.formula1.strip('"').split(",") == list(column.allowed)
        elif column.kind == "text":
            assert (rule.type, rule.formula1) == ("textLength", str(column.max_length))
        elif column.kind == "municipality":
            assert rule.type == "list" and rule.formula1.startswith(f"'{SHEETS[lang][2]}'!")
        if rule is not None:
            assert rule.showErrorMessage and rule.showInputMessage and rule.prompt


@pytest.mark.parametrize("region", ["18", "01"])
def test_municipality_codes_are_a_hidden_list_of_text(tmp_path, region):
    workbook = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", region=region))
    lists = workbook["Listor"]
    assert lists.sheet_state == "hidden"
    listed = [lists.cell(row=r, column=1).value for r in range(1, lists.max_row + 1)]
    area = geography.municipalities(region)
    codes, names = listed[: len(area)], listed[len(area) :]  # the drop-down offers both
    assert codes == [m.code for m in area] and names == [m.name for m in area]
    assert all(isinstance(code, str) for code in codes)  # '0114', never 114
    rule = validations_by_column(workbook.worksheets[0])["kommunkod"]
    assert rule.formula1 == f"'Listor'!$A$1:$A${2 * len(area)}"


def test_code_and_identifier_columns_are_formatted_as_text(tmp_path):
    sheet = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx")).worksheets[0]
    for column in COLUMNS:
        number_format = sheet.column_dimensions[letter_of(column.name)].number_format
        if column.kind in ("orgnr", "municipality"):
            assert number_format == "@", column.name
        if column.kind in ("integer", "number", "year"):
            assert number_format != "@", column.name


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_instructions_explain_every_column_and_rule(tmp_path, lang):
    workbook = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", lang=lang))
    text = text_of(workbook[SHEETS[lang][1]])
    for column in COLUMNS:
        label, help_text = (
            (column.label_sv, column.help_sv) if lang == "sv" else (column.label_en, column.help_en)
        )
        for part in (column.name, label, help_text, column.example):
            assert part in text, part
        for value in column.allowed:
            assert value in text
    for rule in CROSS_RULES:
        assert (rule.message_sv if lang == "sv" else rule.message_en) in text
    for municipality in geography.municipalities("18"):
        assert municipality.name in text
    if lang == "sv":
        assert "personnummer" in text and "avvisas" in text and "En rad per företag och år" in text
    else:
        assert "personal identity numbers" in text and "rejected" in text
        assert "One row per enterprise and year" in text
    assert ".xlsx" in text and "CSV" in text


def test_csv_template_is_a_bom_semicolon_header_row(tmp_path):
    raw = write_template(tmp_path / "t.csv", fmt="csv", lang="en").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n") and raw.count(b"\n") == 1
    assert raw[3:-2].decode("utf-8").split(";") == [c.name for c in COLUMNS]


def test_unknown_format_or_language_is_refused(tmp_path):
    with pytest.raises(ValueError, match="format"):
        write_template(tmp_path / "t.ods", fmt="ods")
    with pytest.raises(ValueError, match="language"):
        write_template(tmp_path / "t.xlsx", lang="fi")
    with pytest.raises(ValueError, match="language"):
        write_template(tmp_path / "t.csv", fmt="csv", lang="de")
    assert not list(tmp_path.iterdir())
