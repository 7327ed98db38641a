"""Read a submitted report (CSV, XLSX or JSON) into a frame of cell texts, with file and header findings."""

import csv
import io
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from asfetl.findings import Finding
from asfetl.reports import identifiers
from asfetl.reports.inbox import printable
from asfetl.reports.kinds import ENTERPRISE, ReportKind, any_canonical_header, detect_kind
from asfetl.reports.limits import MAX_REPORT_BYTES, Budget, Clock, OverBudget
from asfetl.reports.raw_file import UTF8_BOM, decode, over_budget, read_regular
from asfetl.reports.reader_messages import REASONS
from asfetl.reports.reader_messages import finding as _finding
from asfetl.reports.xlsx import Unreadable, Workbook, read_workbook

log = logging.getLogger(__name__)

ROW_ID = "row_id"
ZIP_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Excel format
DELIMITERS = (";", ",", "\t")  # in order of preference: Swedish Excel writes ';'


@dataclass
class ReadResult:
    """Cell texts by canonical column (row_id = the submitter's row number) and what went wrong."""

    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    findings: list[Finding] = field(default_factory=list)
    file_format: str | None = None  # 'csv' | 'xlsx' | 'json' | None when unreadable
    details: dict = field(default_factory=dict)
    kind: ReportKind = ENTERPRISE  # which kind of report the header row says this is


@dataclass
class _Table:
    """Cell texts by 0-based column index; rows by the submitter's row number."""

    header_row: int | None  # None: JSON, where every object carries its own keys
    headers: list[str | None]
    rows: list[tuple[int, list[str | None]]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, index) → formula
    letters: bool = False  # name columns 'C' (a sheet) rather than '3' (a CSV)


def _failed(file: str, rule: str, details: dict | None = None, **fmt: object) -> ReadResult:
    return ReadResult(findings=[_finding(file, rule, **fmt)], details=details or {})


def _unreadable(file: str, why: str, details: dict | None = None, **fmt: object) -> ReadResult:
    en, sv = REASONS[why]
    return _failed(file, "file_unreadable", details, reason=en.format(**fmt),
                   reason_sv=sv.format(**fmt))  # fmt: skip


def read_report(
    path: Path, *, max_bytes: int = MAX_REPORT_BYTES, budget: Budget | None = None
) -> ReadResult:
    """Read one report file within its budget; every problem, however odd the file, ends as a
    finding. A symbolic link, device or pipe is never followed or read."""
    path = Path(path)
    budget = budget or Budget(max_bytes=max_bytes)
    name = printable(identifiers.redact_name(path.name))
    try:
        return _read(path, name, budget)
    except OverBudget as exc:
        return ReadResult(findings=[over_budget(name, exc.what, budget)])
    except Exception:  # a bad file must never end in a traceback; log the cause, never content
        log.exception("could not read report file %s", name)
        return _unreadable(name, "unexpected")


def _read(path: Path, name: str, budget: Budget) -> ReadResult:
    clock = budget.clock()
    try:
        raw = read_regular(path, budget.max_bytes)
    except OSError:
        return _unreadable(name, "unopenable")
    if not raw.removeprefix(UTF8_BOM).strip():
        return _failed(name, "file_empty")
    if raw.startswith(ZIP_MAGIC):
        return _read_xlsx(raw, name, budget, clock)
    if raw.startswith(XLS_MAGIC):
        return _unreadable(name, "xls")
    text, encoding = decode(raw)
    if text is None:
        return _unreadable(name, "binary")
    if text.lstrip()[:1] in ("[", "{"):
        return _read_json(text, encoding, name, budget)
    return _read_csv(text, encoding, name, clock)


def _read_csv(text: str, encoding: str, name: str, clock: Clock) -> ReadResult:
    if not text.translate(dict.fromkeys(map(ord, "".join(DELIMITERS)))).strip():
        return _failed(name, "file_empty", {"encoding": encoding})  # separators and nothing else
    offset = 0
    hint = re.match(r"sep=(.)\r?\n", text, re.IGNORECASE)  # Excel's own delimiter line
    if hint:
        text, offset, delimiter = text[hint.end() :], 1, hint.group(1)
    else:
        delimiter = _sniff_delimiter(text)
    details = {"encoding": encoding, "delimiter": delimiter}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str | None]]] = []
    done = 0
    try:
        for record in reader:
            clock.row()
            clock.cell(len(record))
            # A quoted cell may span lines: a record starts on the line after the previous one.
            if any(cell.strip() for cell in record):
                records.append((done + 1 + offset, [cell.strip() or None for cell in record]))
            done = reader.line_num
    except csv.Error:
        return _unreadable(name, "csv", details, line=done + 1 + offset)
    clock.tick()
    if not records:
        return _failed(name, "file_empty", details)
    (header_row, headers), rows = records[0], records[1:]
    frame, findings, _, kind = _assemble(_Table(header_row, headers, rows), name)
    return ReadResult(frame, findings, "csv", details | {"header_row": header_row}, kind)


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most report columns (then most cells)."""

    def score(delimiter: str) -> tuple[int, int, int]:
        reader = csv.reader(io.StringIO(text[:65536], newline=""), delimiter=delimiter)
        try:
            header = next((r for r in reader if any(c.strip() for c in r)), [])
        except csv.Error:
            header = []
        known = sum(1 for cell in header if any_canonical_header(cell))
        return known, len(header), -DELIMITERS.index(delimiter)

    return max(DELIMITERS, key=score)


def _read_xlsx(raw: bytes, name: str, budget: Budget, clock: Clock) -> ReadResult:
    try:
        book = read_workbook(raw, budget, clock)
    except Unreadable as exc:
        return _unreadable(name, exc.why)
    details = {"sheet": book.sheet}
    by_row: dict[int, dict[int, tuple[str | None, str | None]]] = {}
    for row, cells in book.cells.items():
        for col, (value, formula) in cells.items():
            text, formula = _cell_text(value, formula)
            if text or formula:
                by_row.setdefault(row, {})[col] = (text, formula)
    if not by_row:
        result = _failed(name, "file_empty", details)
        result.findings += _personnummer_cells(book, by_row, name, set())
        return result
    header_row, *data_rows = sorted(by_row)
    width = 1 + max(col for cells in by_row.values() for col in cells)
    header = by_row[header_row]
    headers = [header[i][0] or header[i][1] if i in header else None for i in range(width)]
    rows = [(r, [by_row[r].get(i, (None,))[0] for i in range(width)]) for r in data_rows]
    formulas = {(r, i): f for r in data_rows for i, (_, f) in by_row[r].items() if f}
    table = _Table(header_row, headers, rows, formulas, letters=True)
    frame, findings, read, kind = _assemble(table, name)
    findings += _personnummer_cells(book, by_row, name, read)
    return ReadResult(frame, findings, "xlsx", details | {"header_row": header_row}, kind)


def _cell_text(value: object, formula: str | None) -> tuple[str | None, str | None]:
    """(text, formula): a formula is never evaluated, and its cell has no text."""
    if formula is not None or (isinstance(value, str) and value.lstrip().startswith("=")):
        return None, formula or str(value)
    return _text(value), None


def _text(value: object) -> str | None:
    """A cell's value as the text a person would type (numbers as Excel shows them)."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value).upper()
    if isinstance(value, float):
        # Spreadsheets store every number as a float: 1880 must not come back as "1880.0".
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value).strip() or None


def _personnummer_cells(book: Workbook, by_row: dict, name: str, read: set) -> list[Finding]:
    """Personnummer in cells that never reach the frame (other columns and sheets, formulas,
    sheet names, properties, notes).

    The checks scan the frame and a text file's raw bytes, but an xlsx is compressed: only here
    is the rest of the workbook seen, and a personnummer anywhere must reject the file.
    """
    found = []
    for row, cells in sorted(by_row.items()):
        for col, (text, formula) in sorted(cells.items()):
            if (row, col) in read:
                continue  # in the frame: the checks find it there, with its column
            if identifiers.contains_personnummer(f"{text or ''}{formula or ''}"):
                where = f" (sheet '{book.sheet}', cell {get_column_letter(col + 1)}{row})"
                found.append(_finding(name, "personnummer_found", value=identifiers.REDACTED,
                                     row=row, where=where))  # fmt: skip
    for row, where in book.personnummer:
        found.append(_finding(name, "personnummer_found", value=identifiers.REDACTED, row=row,
                              where=where))  # fmt: skip
    return found


def _read_json(text: str, encoding: str, name: str, budget: Budget) -> ReadResult:
    details = {"encoding": encoding}
    # Every value but the last is followed by a comma: an upper bound of the cells, before
    # json builds them all.
    if text.count(",") >= budget.max_cells:
        raise OverBudget("cells")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _unreadable(name, "json_at", details, line=exc.lineno, column=exc.colno)
    except (ValueError, RecursionError):  # e.g. nested too deep to be a report
        return _unreadable(name, "json", details)
    if not isinstance(data, list):
        return _failed(name, "json_not_a_list", details)
    if len(data) > budget.max_rows:
        raise OverBudget("rows")
    findings, objects = [], []
    for position, item in enumerate(data, start=1):
        if isinstance(item, dict):
            objects.append((position, item))
        else:
            findings.append(_finding(name, "json_item_not_an_object", row=position,
                                    value=_text(item)))  # fmt: skip
    if not objects:  # nothing that could hold columns: no point listing all as missing
        return ReadResult(_frame([], {}), findings, "json", details)
    keys = list(dict.fromkeys(str(key) for _, item in objects for key in item))
    rows = [(p, [_text(item.get(key)) for key in keys]) for p, item in objects]
    frame, more, _, kind = _assemble(_Table(None, keys, rows), name)
    return ReadResult(frame, findings + more, "json", details, kind)


def _frame(row_ids: list[int], cells: dict[str, list[str | None]]) -> pd.DataFrame:
    # object dtype: pandas would otherwise infer "str" and turn None into NaN.
    frame = pd.DataFrame(cells, dtype=object)
    frame.insert(0, ROW_ID, np.array(row_ids, dtype="int64"))
    return frame


def _assemble(table: _Table, name: str) -> tuple[pd.DataFrame, list[Finding], set, ReportKind]:
    """Headers → canonical columns of the kind they name, rows → their cell texts; also the
    (row, index) cells read."""
    kind = detect_kind(table.headers)
    findings: list[Finding] = []
    at = table.header_row
    chosen: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if header is None:
            if any(index < len(cells) and cells[index] for _, cells in table.rows) or any(
                i == index for _, i in table.formulas
            ):
                position = get_column_letter(index + 1) if table.letters else str(index + 1)
                findings.append(_finding(name, "column_without_header", row=at,
                                        severity="warning", position=position))  # fmt: skip
        elif (canonical := kind.canonical_header(header)) is None:
            findings.append(_finding(name, "column_unknown", row=at, value=header,
                                    severity="warning"))  # fmt: skip
        elif canonical in chosen:
            findings.append(_finding(name, "column_duplicated", row=at, column=canonical,
                                    value=header))  # fmt: skip
        else:
            chosen[canonical] = index
    missing = [c for c in kind.required if c not in chosen]
    findings += [_finding(name, "column_missing", row=at, column=c) for c in missing]
    row_ids: list[int] = []
    cells: dict[str, list[str | None]] = {column: [] for column in chosen}
    read: set[tuple[int, int]] = set()
    for row, values in table.rows:
        extra = [v for v in values[len(table.headers) :] if v is not None]
        if extra:
            findings.append(_finding(name, "row_extra_cells", row=row, value=extra[0]))
        texts = {c: values[i] if i < len(values) else None for c, i in chosen.items()}
        formulas = {
            c: table.formulas[row, i] for c, i in chosen.items() if (row, i) in table.formulas
        }
        for column, formula in formulas.items():
            findings.append(_finding(name, "formula_cell", row=row, column=column, value=formula))
        # A row with nothing in the report's columns is blank to us, even with a note beside it.
        if not formulas and all(v is None for v in texts.values()):
            continue
        row_ids.append(row)
        for column, text in texts.items():
            cells[column].append(text)
        read |= {(row, i) for c, i in chosen.items() if c not in formulas}
    findings += _split_personnummer(table, name, chosen, kind)
    return _frame(row_ids, cells), findings, read, kind


def _split_personnummer(table: _Table, name: str, chosen: dict, kind: ReportKind) -> list:
    """A personnummer written over two adjacent cells ("850312" | "2387"), where either cell is
    outside the report's number columns (an unknown column, a free-text one, the header): the
    date and Luhn checks decide, so two figures side by side are not taken for one."""
    numbers = {i for c, i in chosen.items() if c not in {x.name for x in kind.columns
                                                         if x.kind == "text"}}  # fmt: skip
    found = []
    for row, values in [(table.header_row, table.headers), *table.rows]:
        for i in range(len(values) - 1):
            if {i, i + 1} <= numbers and row != table.header_row:
                continue
            if identifiers.split_personnummer(values[i], values[i + 1]):
                position = get_column_letter(i + 1) if table.letters else str(i + 1)
                found.append(_finding(name, "personnummer_found", value=identifiers.REDACTED,
                                      row=row, where=f" (split over columns {position} and the "
                                                     "next)"))  # fmt: skip
                break
    return found
