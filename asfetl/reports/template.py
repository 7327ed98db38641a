"""A blank report template made from the schema: XLSX with instructions and data validation, or CSV."""

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from asfetl import geography
from asfetl.plan.activities import activity_ids
from asfetl.reports.kinds import ENTERPRISE, ReportKind
from asfetl.reports.schema import FIRST_REPORT_YEAR, Column, CrossRule
from asfetl.reports.template_words import TEXTS

FORMATS = ("xlsx", "csv")
LAST_ROW = 1000  # validation reaches this far: far more enterprises than a region reports
TEXT_KINDS = ("orgnr", "text", "municipality", "enum")


def _texts(lang: str) -> dict:
    if lang not in TEXTS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(TEXTS)}")
    return TEXTS[lang]


def kind_text(column: Column, lang: str) -> str:
    """The column's type in plain words."""
    return _texts(lang)["kinds"][column.kind]


def rule_text(column: Column, lang: str) -> str:
    """The column's own rule in plain words (the cross-column rules are in cross_rule_text)."""
    t = _texts(lang)
    optional = "" if column.required else t["optional"]
    if column.kind == "enum":
        return optional + t["enum"].format(values=", ".join(column.allowed))
    if column.kind == "text":
        words = t["text"].format(n=column.max_length)
        return optional + (words if column.required else words.rpartition(",")[0])
    return optional + t[column.kind]


def cross_rule_text(rule: CrossRule, lang: str) -> str:
    """'message (a + b ≤ c + d)': the words for submitters, the formula for analysts."""
    message = rule.message_sv if lang == "sv" else rule.message_en
    return f"{message} ({' + '.join(rule.left)} ≤ {' + '.join(rule.right)})"


def label(column: Column, lang: str) -> str:
    return column.label_sv if lang == "sv" else column.label_en


def help_text(column: Column, lang: str) -> str:
    return column.help_sv if lang == "sv" else column.help_en


def write_template(
    path: Path,
    *,
    fmt: str = "xlsx",
    lang: str = "sv",
    region: str = "18",
    kind: ReportKind = ENTERPRISE,
    plan_dir: Path | None = None,
    labels: bool = False,
    prefill: dict[str, object] | None = None,
) -> Path:
    """Write a template of one report kind; returns the path. Headed with the canonical names,
    or with `labels`, the columns' labels in `lang` (both are read back as the same columns).
    `prefill`: a first row's known values by column name (the portal's enterprise's own);
    `plan_dir`: the plan whose activity ids the follow-up lists (None: the shipped example)."""
    t = _texts(lang)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    headings = [label(c, lang) if labels else c.name for c in kind.columns]
    first_row = [(prefill or {}).get(c.name) for c in kind.columns] if prefill else None
    if fmt == "csv":
        # Swedish Excel needs the BOM to read UTF-8 and splits on ';' (the list separator there).
        lines = [headings] + ([["" if v is None else str(v) for v in first_row]] if prefill else [])
        text = "".join(";".join(_csv_cell(v) for v in line) + "\r\n" for line in lines)
        path.write_bytes(text.encode("utf-8-sig"))
        return path
    municipalities = geography.municipalities(region)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t["sheet"]
    ids = activity_ids(plan_dir)
    _report_sheet(
        sheet, lang, f"'{t['lists']}'!$A$1:$A${2 * len(municipalities)}", kind, ids, headings
    )
    if first_row:
        sheet.append(first_row)
    _instructions(
        workbook.create_sheet(t["instructions"]), lang, municipalities, kind, ids, headings
    )
    lists = workbook.create_sheet(t["lists"])
    lists.sheet_state = "hidden"
    for row, area in enumerate(municipalities, start=1):
        # Text, as in the report column: a number would turn 0114 into 114 and not match.
        lists.cell(row=row, column=1, value=area.code).number_format = "@"
        lists.cell(row=row, column=2, value=area.name)
        # the names below the codes: the drop-down offers both, and the check reads both
        lists.cell(row=len(municipalities) + row, column=1, value=area.name)
    workbook.save(path)
    return path


def _csv_cell(text: str) -> str:
    """A CSV field, quoted when it holds the separator, a quote or a line break."""
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ';"\r\n') else text


def _report_sheet(
    sheet: Worksheet,
    lang: str,
    municipality_range: str,
    kind: ReportKind,
    ids: list[str],
    headings: list[str],
) -> None:
    sheet.append(headings)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        words = f"{help_text(column, lang)}\n({rule_text(column, lang)})"
        comment = Comment(words, "asfetl")
        comment.width, comment.height = 300, 120
        cell.comment = comment
        letter = cell.column_letter
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(12, len(str(cell.value)), len(column.example)) + 3
        if column.kind in TEXT_KINDS:
            # A column style, so typed codes and numbers keep leading zeros and dashes, without
            # creating a thousand empty cells that would push pasted rows below them.
            dimension.number_format = "@"
        validation = _validation(column, municipality_range, ids)
        if validation is None:
            continue
        validation.promptTitle = label(column, lang)[:32]  # Excel's limits: 32 and 255
        validation.prompt = help_text(column, lang)[:255]
        validation.errorTitle = _texts(lang)["error"][:32]
        validation.error = rule_text(column, lang)[:255]
        validation.showInputMessage = validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{LAST_ROW}")


def _validation(column: Column, municipality_range: str, ids: list[str]) -> DataValidation | None:
    """The schema rule as far as Excel's data validation can express it (None: it cannot)."""
    if column.kind == "enum":
        return DataValidation(type="list", formula1=f'"{",".join(column.allowed)}"')
    if column.kind == "activity":
        # Excel's literal list holds 255 characters (the example's 18 ids fit); a plan with more
        # goes without the drop-down, and the check still refuses an id the plan lacks
        listed = ",".join(ids)
        return DataValidation(type="list", formula1=f'"{listed}"') if len(listed) <= 255 else None
    if column.kind == "municipality":
        # A range, not a literal list: Excel reads literal items as numbers, and the county's
        # codes can be too many for the 255 characters a literal list may have.
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
        return DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(column.max_length)
        )
    return None


def _instructions(
    sheet: Worksheet,
    lang: str,
    municipalities: list[geography.Area],
    kind: ReportKind,
    ids: list[str],
    headings: list[str],
) -> None:
    t = _texts(lang)
    sheet.append([t["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in t["intro" if kind == ENTERPRISE else f"intro_{kind.dataset}"]:
        sheet.append([line])
    sheet.append([])
    _bold_row(sheet, t["heading"])
    for column, heading in zip(kind.columns, headings, strict=True):
        sheet.append([
            heading,
            label(column, lang),
            help_text(column, lang),
            column.example,
            f"{kind_text(column, lang)}; {rule_text(column, lang)}",
        ])  # fmt: skip
    if kind.cross_rules:
        sheet.append([])
        _bold_row(sheet, [t["rules"]])
    for rule in kind.cross_rules:
        sheet.append([cross_rule_text(rule, lang)])
    sheet.append([])
    if any(c.kind == "activity" for c in kind.columns):
        _bold_row(sheet, [t["activities"]])
        sheet.append([", ".join(ids)])
    else:
        _bold_row(sheet, [t["codes"]])
        for area in municipalities:
            sheet.append([area.code, area.name])
            sheet.cell(row=sheet.max_row, column=1).number_format = "@"
    for letter, width in zip("ABCDE", (24, 28, 70, 22, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_col=3, max_col=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _bold_row(sheet: Worksheet, values: list[str]) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
