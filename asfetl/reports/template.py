"""A blank report template made from the schema: XLSX with instructions and data validation, or CSV."""

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from asfetl import geography
from asfetl.reports.schema import COLUMNS, CROSS_RULES, FIRST_REPORT_YEAR, Column

LAST_ROW = 1000
TEXTS = {
    "sv": {
        "sheet": "Rapport",
        "instructions": "Instruktioner",
        "lists": "Listor",
        "heading": ["Kolumnrubrik", "Betydelse", "Beskrivning", "Exempel", "Regel"],
        "intro": [
            "En rad per företag och år. Behåll kolumnrubrikerna i rad 1 som de är.",
            "Skriv värden, inte formler. Tal får ha decimalkomma och mellanslag som tusentalsavgränsare.",
            "Skriv ALDRIG personnummer i filen: en fil med personnummer avvisas.",
            "Spara som Excel (.xlsx) eller CSV och skicka hela filen. "
            "En fil godtas eller avvisas i sin helhet.",
            "En senare rapport för samma organisationsnummer och år ersätter den tidigare.",
        ],
        "rules": "Regler mellan kolumner",
        "integer": "heltal, 0 eller mer",
        "number": "tal i kronor, 0 eller mer",
        "year": f"år, {FIRST_REPORT_YEAR} till i år",
        "orgnr": "10 siffror NNNNNN-NNNN, giltig kontrollsiffra",
        "municipality": "kommunkod i regionen",
        "enum": "en av",
        "text": "text, högst {n} tecken",
    },
    "en": {
        "sheet": "Report",
        "instructions": "Instructions",
        "lists": "Lists",
        "heading": ["Column header", "Meaning", "Description", "Example", "Rule"],
        "intro": [
            "One row per enterprise and year. Keep the column headers in row 1 as they are.",
            "Type values, not formulas. Numbers may use a decimal comma and spaces between thousands.",
            "NEVER enter personal identity numbers: a file containing one is rejected.",
            "Save as Excel (.xlsx) or CSV and send the whole file. "
            "A file is accepted or rejected as a whole.",
            "A later report for the same organisation number and year replaces the earlier one.",
        ],
        "rules": "Rules between columns",
        "integer": "whole number, 0 or more",
        "number": "amount in SEK, 0 or more",
        "year": f"year, {FIRST_REPORT_YEAR} to this year",
        "orgnr": "10 digits NNNNNN-NNNN, valid check digit",
        "municipality": "municipality code in the region",
        "enum": "one of",
        "text": "text, at most {n} characters",
    },
}


def rule_text(column: Column, lang: str) -> str:
    t = TEXTS[lang]
    if column.kind == "enum":
        return f"{t['enum']} {', '.join(column.allowed)}"
    if column.kind == "text":
        return t["text"].format(n=column.max_length)
    return t[column.kind]


def write_template(path: Path, *, fmt: str = "xlsx", lang: str = "sv", region: str = "18") -> Path:
    if lang not in TEXTS:
        raise ValueError(f"unknown language {lang!r}: use sv or en")
    if fmt == "csv":
        header = ";".join(c.name for c in COLUMNS) + "\r\n"
        path.write_bytes(header.encode("utf-8-sig"))  # Swedish Excel opens ';' with a BOM
        return path
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}: use xlsx or csv")
    t = TEXTS[lang]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t["sheet"]
    sheet.append([c.name for c in COLUMNS])
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet(t["lists"])
    lists.sheet_state = "hidden"
    codes = [m.code for m in geography.municipalities(region)]
    for row, code in enumerate(codes, start=1):
        lists.cell(row=row, column=1, value=code).number_format = "@"
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        help_text = column.help_sv if lang == "sv" else column.help_en
        cell.comment = Comment(f"{help_text}\n({rule_text(column, lang)})", "asfetl")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 2)
        area = f"{letter}2:{letter}{LAST_ROW}"
        validation = _validation(column, t, f"'{t['lists']}'!$A$1:$A${len(codes)}")
        if validation is not None:
            validation.promptTitle = column.label_sv if lang == "sv" else column.label_en
            validation.prompt = help_text[:255]
            validation.showInputMessage = validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(area)
        if column.kind in ("orgnr", "municipality", "text", "enum"):
            for row in range(2, LAST_ROW + 1):
                sheet.cell(row=row, column=index).number_format = "@"  # keep 0114, not 114
    _instructions(workbook.create_sheet(t["instructions"], 1), lang)
    workbook.save(path)
    return path


def _validation(column: Column, t: dict, municipality_range: str) -> DataValidation | None:
    if column.kind == "enum":
        return DataValidation(type="list", formula1=f'"{",".join(column.allowed)}"')
    if column.kind == "municipality":
        return DataValidation(type="list", formula1=municipality_range)
    if column.kind == "integer":
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    if column.kind == "number":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    if column.kind == "year":
        return DataValidation(
            type="whole", operator="between", formula1=str(FIRST_REPORT_YEAR),
            formula2=str(date.today().year),
        )  # fmt: skip
    if column.kind == "text" and column.max_length:
        return DataValidation(type="textLength", operator="lessThanOrEqual",
                              formula1=str(column.max_length))  # fmt: skip
    return None


def _instructions(sheet, lang: str) -> None:
    t = TEXTS[lang]
    for line in t["intro"]:
        sheet.append([line])
    sheet.append([])
    sheet.append(t["heading"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append([
            column.name,
            column.label_sv if lang == "sv" else column.label_en,
            column.help_sv if lang == "sv" else column.help_en,
            column.example,
            rule_text(column, lang),
        ])  # fmt: skip
    sheet.append([])
    sheet.append([t["rules"]])
    sheet[sheet.max_row][0].font = Font(bold=True)
    for rule in CROSS_RULES:
        sheet.append([rule.message_sv if lang == "sv" else rule.message_en])
    for letter, width in zip("ABCDE", (24, 28, 80, 20, 40), strict=True):
        sheet.column_dimensions[letter].width = width
