"""Kept copies without personnummer: a rejected file is kept only redacted, and only when it
could be read; the copy is read back and dropped if anything still looks like one."""

import logging
import re
import zipfile
from pathlib import Path

from asfetl.reports import identifiers
from asfetl.reports.checks import FileCheck, raw_text
from asfetl.reports.limits import Budget
from asfetl.reports.raw_file import read_regular
from asfetl.reports.readers import read_report

log = logging.getLogger(__name__)
XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
# A number cell holding a personnummer: the redacted text would not be a number, so it becomes 0.
_NUMBER_CELL = re.compile(r"<v>([0-9]{10,12})</v>")


def write_redacted_copy(source: Path, target: Path, check: FileCheck, budget: Budget) -> bool:
    """A copy of `source` at `target` without personnummer, or False (nothing written) when the
    file was not read (too large, over budget, not understood) or cannot be rewritten safely."""
    try:
        raw = read_regular(source, budget.max_bytes)
        if check.file_format == "xlsx":
            written = _xlsx_copy(raw, target, budget)
        elif check.file_format in ("csv", "json"):
            encoding = check.details.get("encoding") or "utf-8"
            text = identifiers.redact_personnummer(raw.decode(encoding, errors="replace"), True)
            target.write_bytes(text.encode(encoding, errors="replace"))
            written = True
        else:
            written = False  # unread: we cannot be sure what it holds, so it is not kept
        if written and _still_personal(target, check, budget):
            log.warning("The redacted copy of %s still held a personnummer; not kept", check.name)
            written = False
    except Exception:  # any failure means no copy, never a half-redacted one
        log.exception("Could not write a redacted copy of %s; not kept", check.name)
        written = False
    if not written:
        target.unlink(missing_ok=True)
    return written


def _xlsx_copy(raw: bytes, target: Path, budget: Budget) -> bool:
    import io

    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        infos = source.infolist()
        if sum(i.file_size for i in infos) > budget.max_unpacked_bytes:
            return False
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in infos:
                if identifiers.contains_personnummer(info.filename, probable=True):
                    return False
                data = source.read(info)
                if XML_PART.search(info.filename):
                    data = _redact_xml(data.decode("utf-8")).encode("utf-8")
                out.writestr(info.filename, data)
    return True


def _redact_xml(text: str) -> str:
    def number(match: re.Match) -> str:
        return "<v>0</v>" if identifiers.contains_personnummer(match.group(1), True) else match[0]

    text = _NUMBER_CELL.sub(number, text)
    # ÅÅMMDD-XXXX: no brackets, so a sheet's name stays a valid name
    return identifiers.redact_personnummer(text, True, identifiers.NAME_REDACTED)


def _still_personal(target: Path, check: FileCheck, budget: Budget) -> bool:
    again = read_report(target, budget=budget)
    if any(f.rule == "personnummer_found" for f in again.findings):
        return True
    cells = again.frame.drop(columns="row_id", errors="ignore").to_numpy().ravel()
    if any(isinstance(v, str) and identifiers.contains_personnummer(v) for v in cells):
        return True
    if check.file_format == "xlsx":
        return False
    return identifiers.contains_personnummer(raw_text(target.read_bytes()))
