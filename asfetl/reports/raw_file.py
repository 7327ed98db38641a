"""A submitted file's bytes: opened without following links, read within its budget, decoded."""

import errno
import os
import stat
from pathlib import Path

from asfetl.findings import Finding
from asfetl.reports.limits import Budget, OverBudget
from asfetl.reports.reader_messages import BUDGETS, finding

UTF8_BOM = b"\xef\xbb\xbf"


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, opened without following a symbolic link; OSError else,
    OverBudget('bytes') past max_bytes (read no further)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise OverBudget("bytes")
    return raw


def over_budget(name: str, what: str, budget: Budget) -> Finding:
    """The finding for a file that needs more than `what` of its budget allows."""
    if what == "bytes":
        return finding(name, "file_too_large", limit=f"{budget.max_bytes / 2**20:g}")
    limit = {
        "unpacked": f"{budget.max_unpacked_bytes / 2**20:g} MB",
        "cells": f"{budget.max_cells:,}".replace(",", " "),
        "rows": f"{budget.max_rows:,}".replace(",", " "),
        "sheets": str(budget.max_sheets),
        "seconds": f"{budget.max_seconds:g} s",
        "cell_text": "100 000",
    }[what]
    en, sv = BUDGETS[what]
    return finding(name, "file_over_budget", what=en.format(limit=limit),
                   what_sv=sv.format(limit=limit))  # fmt: skip


def decode(raw: bytes) -> tuple[str | None, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as Excel's "Unicode text" writes
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, "utf-16"
    if b"\x00" in raw:  # binary, or UTF-16 without its mark; no report text holds NUL
        return None, ""
    encoding = "utf-8-sig" if raw.startswith(UTF8_BOM) else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"  # what Swedish Excel writes for "CSV (semikolonavgränsad)"
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            return None, encoding
    # cp1252 decodes almost any byte: many control characters betray a binary file.
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
    return (None, encoding) if controls > len(text) / 100 else (text, encoding)
