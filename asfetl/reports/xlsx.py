"""Read an xlsx by streaming its XML within the file's budget: never a whole workbook in memory.

The archive's directory is checked first (entries, unpacked size, macros, pictures and embedded
objects); then the sheet XML is parsed as a stream (expat, no tree), counting cells and rows and
the time as it goes, stopping at the budget. Everything a person can type outside the first
sheet's cells (other sheets, sheet names, the workbook's properties, cell notes, the printer's
name) is screened for personnummer here.
"""

import posixpath
import re
from dataclasses import dataclass, field

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from asfetl.reports import identifiers
from asfetl.reports.limits import Budget, Clock, OverBudget
from asfetl.reports.xlsx_stream import MAX_ENTRIES, Archive, Text, Unreadable

MACRO_TYPES = ("macroenabled", "vbaproject", "ms-office.vbaproject", "ms-excel.sheet.binary")
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
TEXT_PARTS = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
# The one binary part Excel writes by itself (when a sheet's page setup is changed): a fixed
# structure whose text is the printer's name, screened as text in UTF-16 and single bytes.
PRINTER_SETTINGS = re.compile(r"^xl/printerSettings/[^/]+\.bin$", re.IGNORECASE)
MAX_PRINTER_SETTINGS = 1 << 20  # a real one is a few KB; a larger one is no printer settings
PREVIEW = re.compile(r"^docProps/thumbnail\.[^/]+$", re.IGNORECASE)  # 'Save preview picture'
FREE_TEXT_PARTS = re.compile(r"^(docProps/|xl/workbook\.xml$|xl/comments|xl/threadedComments"
                             r"|xl/persons|customXml/)", re.IGNORECASE)  # fmt: skip


@dataclass
class Workbook:
    """The first sheet's cells (row → 0-based column → (text, formula)) and personnummer found
    elsewhere: (row on the first sheet or None, where)."""

    sheet: str = ""
    cells: dict[int, dict[int, tuple[object, str | None]]] = field(default_factory=dict)
    personnummer: list[tuple[int | None, str]] = field(default_factory=list)


def read_workbook(raw: bytes, budget: Budget, clock: Clock) -> Workbook:
    """The first sheet's cells; raises OverBudget, or Unreadable (e.g. 'macros')."""
    archive = Archive(raw, budget)
    if any(n.lower().endswith("vbaproject.bin") for n in archive.names) or _macro_types(
        archive, clock
    ):
        raise Unreadable("macros")
    opaque = [name for name, size in archive.sizes.items() if _opaque(name, size)]
    if opaque:  # a preview picture alone is a setting to turn off, not content to remove
        raise Unreadable("preview" if all(PREVIEW.match(n) for n in opaque) else "embedded")
    named = [n for n in archive.names if identifiers.contains_personnummer(n, probable=True)]
    workbook = _workbook_part(archive, clock)
    sheets, epoch = _sheets(archive, workbook, clock)
    if len(sheets) > budget.max_sheets:
        raise OverBudget("sheets")
    book = Workbook(sheet=identifiers.redact_name(sheets[0][0]) if sheets else "")
    if named:
        book.personnummer.append((None, " (the name of a part inside the workbook)"))
    if any(identifiers.contains_personnummer(name, probable=True) for name, _ in sheets):
        book.personnummer.append((None, " (a sheet's name)"))
    strings = _shared_strings(archive, clock)
    dates = _date_styles(archive, clock)
    used: set[int] = set()
    for number, (name, part) in enumerate(sheets):
        shown = identifiers.redact_name(name)
        before = (0, -2, None)  # the previous cell: a personnummer may be split over two
        for row, col, value, formula in _sheet_cells(archive, part, strings, used, dates, epoch,
                                                     clock):  # fmt: skip
            if number == 0:
                book.cells.setdefault(row, {})[col] = (value, formula)
                continue
            split = before[:2] == (row, col - 1) and identifiers.split_personnummer(before[2],
                                                                                    value)  # fmt: skip
            before = (row, col, value)
            if split or identifiers.contains_personnummer(f"{value if value is not None else ''}"
                                                          f"{formula or ''}"):  # fmt: skip
                where = f" (sheet '{shown}', cell {get_column_letter(col + 1)}{row})"
                book.personnummer.append((None, where))
    if any(identifiers.contains_personnummer(s) for i, s in enumerate(strings) if i not in used):
        book.personnummer.append((None, " (text stored in the workbook)"))
    book.personnummer += _screen_other_parts(archive, {p for _, p in sheets}, clock)
    return book


def _opaque(part: str, size: int) -> bool:
    """A part that is not text we can screen: a picture (xl/media/, a preview picture), an
    embedded object (xl/embeddings/, OLE, ActiveX) or any other binary content. Pictures may
    show a personnummer and objects hold whole files, so a workbook carrying one is rejected."""
    if PRINTER_SETTINGS.match(part):
        return size > MAX_PRINTER_SETTINGS
    return not (part.endswith("/") or TEXT_PARTS.search(part))


def _macro_types(archive: Archive, clock: Clock) -> bool:
    if "[Content_Types].xml" not in archive.names:
        return False
    for event, _, attrs in archive.events("[Content_Types].xml", clock):
        if event == "start" and any(m in attrs.get("ContentType", "").lower() for m in MACRO_TYPES):
            return True
    return False


def _relationships(archive: Archive, part: str, clock: Clock) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.names:
        return {}
    found = {}
    for event, tag, attrs in archive.events(rels, clock):
        if event == "start" and tag == "Relationship":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[attrs.get("Id", "")] = posixpath.normpath(path)
            if len(found) > MAX_ENTRIES:
                raise Unreadable("workbook")
    return found


def _workbook_part(archive: Archive, clock: Clock) -> str:
    for target in _relationships(archive, "", clock).values():
        if target.lower().endswith("workbook.xml") and target in archive.names:
            return target
    if "xl/workbook.xml" in archive.names:
        return "xl/workbook.xml"
    raise Unreadable("workbook")


def _sheets(archive: Archive, workbook: str, clock: Clock) -> tuple[list[tuple[str, str]], object]:
    """(name, part) of every worksheet in the workbook's order, and its calendar."""
    rels = _relationships(archive, workbook, clock)
    sheets, epoch = [], CALENDAR_WINDOWS_1900
    for event, tag, attrs in archive.events(workbook, clock):
        if event != "start":
            continue
        if tag == "sheet" and rels.get(attrs.get(_REL, "")) in archive.names:
            sheets.append((attrs.get("name", ""), rels[attrs[_REL]]))
        elif tag == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
            epoch = CALENDAR_MAC_1904
    return sheets, epoch


def _shared_strings(archive: Archive, clock: Clock) -> list[str]:
    """Each string item's text: its runs' <t>, not the phonetic guides (<rPh>)."""
    part = next((n for n in archive.names if n.lower() == "xl/sharedstrings.xml"), None)
    if part is None:
        return []
    strings: list[str] = []
    text, in_t, phonetic = Text(), False, 0
    for event, tag, data in archive.events(part, clock):
        if event == "text":
            if in_t and not phonetic:
                text.add(data)
        elif tag == "t":
            in_t = event == "start"
        elif tag == "rPh":
            phonetic += 1 if event == "start" else -1
        elif tag == "si" and event == "end":
            clock.cell()  # a shared string costs as much memory as a cell
            strings.append(text.take())
    return strings


def _date_styles(archive: Archive, clock: Clock) -> set[int]:
    """Indexes of the cell styles whose number format shows a date."""
    if "xl/styles.xml" not in archive.names:
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    within_xfs = False
    for event, tag, attrs in archive.events("xl/styles.xml", clock):
        if tag == "cellXfs":
            within_xfs = event == "start"
        elif event == "start" and tag == "numFmt":
            custom[_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif event == "start" and tag == "xf" and within_xfs:
            formats.append(_int(attrs.get("numFmtId")))
    return {
        index for index, fmt in enumerate(formats)
        if is_date_format(custom.get(fmt) or BUILTIN_FORMATS.get(fmt, "General"))
    }  # fmt: skip


def _int(text: object) -> int:
    try:
        return int(str(text))
    except ValueError:
        return 0


def _sheet_cells(archive, part, strings, used, dates, epoch, clock):
    """(row, 0-based column, value, formula) of every stored cell of one sheet, streamed."""
    row_number, column = 0, -1
    cell: dict | None = None
    into: str | None = None
    text = Text()
    for event, tag, data in archive.events(part, clock):
        if event == "text":
            if into:
                text.add(data)
            continue
        if event == "start":
            if tag == "row":
                clock.row()
                row_number, column = _int(data.get("r")) or row_number + 1, -1
            elif tag == "c":
                clock.cell()
                ref = data.get("r")
                if ref:
                    try:
                        letters, row_number = coordinate_from_string(ref)
                        column = column_index_from_string(letters) - 1
                    except ValueError as exc:
                        raise Unreadable("workbook") from exc
                else:
                    column += 1
                cell = {"t": data.get("t", "n"), "s": _int(data.get("s"))}
            elif cell is not None and tag in ("v", "f", "is"):
                into = tag
                cell.setdefault(tag, "")
            continue
        if cell is not None and tag in ("v", "f", "is"):
            cell[tag] += text.take()
            into = None
        elif tag == "c" and cell is not None:
            value, formula = _cell_value(cell, strings, used, dates, epoch)
            cell = None
            if value is not None or formula is not None:
                yield row_number, column, value, formula


def _cell_value(cell: dict, strings, used, dates, epoch) -> tuple[object, str | None]:
    if "f" in cell:
        return None, "=" + cell["f"]
    kind, text = cell["t"], cell.get("v")
    if kind == "inlineStr":
        return cell.get("is"), None
    if text is None:
        return None, None
    if kind == "s":
        index = _int(text)
        if not 0 <= index < len(strings):
            raise Unreadable("workbook")
        used.add(index)
        return strings[index], None
    if kind == "b":
        return text.strip() in ("1", "true"), None
    if kind in ("str", "e", "d"):
        return text, None
    try:
        number = float(text) if re.search(r"[.eE]", text) else int(text)
    except ValueError:
        return text, None
    if cell["s"] in dates:
        try:
            return from_excel(number, epoch), None
        except (ValueError, OverflowError, TypeError):
            return number, None
    return number, None


def _screen_other_parts(archive: Archive, sheets: set[str], clock: Clock) -> list:
    """Personnummer in the workbook's other XML (properties, notes, names, drawings) and in its
    printer settings."""
    found = []
    for name in sorted(archive.names):
        if PRINTER_SETTINGS.match(name) and _printer_personnummer(archive, name, clock):
            found.append((None, " (the printer settings)"))
        if name in sheets or name.lower() == "xl/sharedstrings.xml" or not TEXT_PARTS.search(name):
            continue
        probable = bool(FREE_TEXT_PARTS.search(name))
        text = Text()
        for event, tag, data in archive.events(name, clock):
            if event == "text":
                text.add(data)
                continue
            seen = [text.take()]
            if event == "start" and tag != "sheet":  # sheet names: screened with the sheets
                seen += list(data.values())
            if any(identifiers.contains_personnummer(t, probable) for t in seen if t):
                found.append((None, f" ({_describe(name)})"))
                break
    return found


def _printer_personnummer(archive: Archive, name: str, clock: Clock) -> bool:
    """The printer settings' bytes read as UTF-16 at either alignment, and as single bytes."""
    data = archive.read(name)
    clock.tick()
    texts = (data.decode("utf-16-le", "replace"), data[1:].decode("utf-16-le", "replace"),
             data.decode("latin-1"))  # fmt: skip
    return any(identifiers.contains_personnummer(t, True) for t in texts)


def _describe(part: str) -> str:
    lower = part.lower()
    if lower.startswith("docprops/"):
        return "the workbook's properties"
    if "comments" in lower or lower.endswith(".vml"):
        return "a cell note"
    if lower == "xl/workbook.xml":
        return "the workbook's names"
    return "the workbook's other contents"
