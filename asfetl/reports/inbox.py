"""The inbox is untrusted: which entries are files to read, which are refused unread (links,
folders, devices, pipes), and the safe name each is stored and shown under."""

import hashlib
import re
import stat
import time
import unicodedata
from pathlib import Path

from asfetl.reports import identifiers

MAX_NAME_BYTES = 180  # a stored name gets a prefix and .feedback.txt: file systems allow 255
IGNORED = re.compile(
    r"^(\.|~\$)|\.(part|tmp|crdownload)$", re.IGNORECASE
)  # hidden, Office locks, partial


def safe_name(name: str) -> str:
    """A file name that is safe to store and show: no path parts, no control or odd characters,
    no personnummer (ÅÅMMDD-XXXX), and short enough to file with a prefix and a suffix (a long
    name is cut, keeping its extension and a hash of the whole)."""
    name = unicodedata.normalize("NFC", Path(name).name)
    cleaned = identifiers.redact_name(re.sub(r"[^\w.\- ()åäöÅÄÖ]", "_", name))
    cleaned = re.sub(r"\.{2,}", ".", cleaned).strip(" .") or "namnlos"
    if len(cleaned.encode()) <= MAX_NAME_BYTES:
        return cleaned
    stem, dot, extension = cleaned.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = cleaned, ""
    tag = "_" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    tail = tag + (f".{extension}" if extension else "")
    room = MAX_NAME_BYTES - len(tail.encode())
    return stem.encode()[:room].decode("utf-8", errors="ignore").rstrip(" .") + tail


def shown_name(path: Path) -> str:
    """The name of an inbox entry as logs may show it: personnummer redacted."""
    return identifiers.redact_name(path.name)


def refused_entries(inbox: Path) -> list[tuple[Path, str]]:
    """Inbox entries that are never followed or read, and what each is: links (symbolic, or
    hard links to a file that is also elsewhere), folders, devices, pipes and sockets."""
    if not inbox.is_dir():
        return []
    refused = []
    for path in sorted(inbox.iterdir()):
        if IGNORED.search(path.name):
            continue
        what = kind_of(path)
        if what != "file":
            refused.append((path, what))
    return refused


def kind_of(path: Path) -> str:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "gone"
    if stat.S_ISLNK(info.st_mode):
        return "symlink"
    if stat.S_ISDIR(info.st_mode):
        return "directory"
    if not stat.S_ISREG(info.st_mode):
        return "special"  # a device, pipe or socket
    return "hardlink" if info.st_nlink > 1 else "file"


def settled_files(inbox: Path, settle_seconds: float) -> tuple[list[Path], list[Path]]:
    """(ready, still being written): a file whose size or time changes between two looks waits.
    Only regular files with one link are candidates (refused_entries lists the rest)."""
    if not inbox.is_dir():
        return [], []
    candidates = [p for p in inbox.iterdir() if not IGNORED.search(p.name) and kind_of(p) == "file"]
    first = {p: _look(p) for p in candidates}
    if candidates and settle_seconds > 0:
        time.sleep(settle_seconds)
    ready, waiting = [], []
    for path in candidates:
        (ready if _look(path) == first[path] and first[path] is not None else waiting).append(path)
    # in arrival order: of two files with the same bytes, the first to arrive is the one kept
    ready.sort(key=lambda p: (p.lstat().st_mtime, p.name))
    return ready, waiting


def _look(path: Path) -> tuple[int, int] | None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime_ns
