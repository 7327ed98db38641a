"""The inbox is untrusted: which entries are files to read, which are refused unread (links,
folders, devices, pipes), and the safe name each is stored and shown under."""

import contextlib
import hashlib
import json
import os
import re
import stat
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from asfetl.reports import identifiers
from asfetl.reports.snapshot import Look, look

MAX_NAME_BYTES = 180  # a stored name gets a prefix and .feedback.txt: file systems allow 255
IGNORED = re.compile(
    r"^(\.|~\$)|\.(part|tmp|crdownload)$", re.IGNORECASE
)  # hidden, Office locks, partial


def safe_name(name: str) -> str:
    """A file name that is safe to store and show: no path parts, no control or odd characters,
    no personnummer (ÅÅMMDD-XXXX), and short enough to file with a prefix and a suffix (a long
    name is cut, keeping its extension and a hash of the whole)."""
    # redacted before and after the odd characters are replaced: what replaces them ("_") may
    # join the parts of a personnummer the first look saw apart
    name = identifiers.redact_name(unicodedata.normalize("NFC", Path(name).name))
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
    """The name of an inbox entry as logs may show it: personnummer redacted, and control
    characters escaped (a newline in a name must not forge a log line)."""
    return printable(identifiers.redact_name(path.name))


def printable(text: str) -> str:
    """`text` with every character that is not printable (newlines, tabs, escapes, format
    characters) written as a Python escape, so that it shows as one plain line."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


# What an inbox entry that is not a regular file is, in plain words (never read, left alone).
NOT_A_FILE = {
    "directory": "a folder",
    "symlink": "a symbolic link",
    "fifo": "a named pipe",
    "socket": "a socket",
    "device": "a device",
}


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
        if what not in ("file", "gone"):
            refused.append((path, what))
    return refused


def kind_of(path: Path) -> str:
    """file, hardlink (a regular file also linked elsewhere), directory, symlink, fifo, socket,
    device, or gone; found by lstat, so a link is never followed."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "gone"
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if not stat.S_ISREG(mode):
        return "device"
    return "hardlink" if info.st_nlink > 1 else "file"


def settled_files(inbox: Path, settle_seconds: float) -> tuple[list[Path], list[Path]]:
    """(ready, still being written): see `settled`."""
    ready, waiting = settled(inbox, settle_seconds)
    return list(ready), waiting


def settled(inbox: Path, settle_seconds: float) -> tuple[dict[Path, Look], list[Path]]:
    """({ready file: how it looked}, still being written): a file whose size, times or inode
    change between two looks `settle_seconds` apart waits for the next run. Only regular files
    with one link are candidates (refused_entries lists the rest)."""
    if not inbox.is_dir():
        return {}, []
    candidates = [p for p in inbox.iterdir() if not IGNORED.search(p.name) and kind_of(p) == "file"]
    first = {p: look(p) for p in candidates}
    if candidates and settle_seconds > 0:
        time.sleep(settle_seconds)
    ready, waiting = {}, []
    for path in candidates:
        second = look(path)
        if second is not None and second == first[path]:
            ready[path] = second
        else:
            waiting.append(path)
    # in arrival order: of two files with the same bytes, the first to arrive is the one kept
    order = sorted(ready, key=lambda p: (ready[p].mtime_ns, p.name))
    return {p: ready[p] for p in order}, waiting


NOTICED = ".asfetl-noticed.json"  # a dot file: intake never takes it for a report


@dataclass
class LeftAlone:
    """An inbox entry that is not a regular file: never followed or read, left where it is."""

    name: str  # shown: personnummer redacted, control characters escaped
    what: str  # in plain words: "a folder", "a symbolic link", …
    new: bool  # first seen in this run (reported once; later runs only count it)

    def sentence(self) -> str:
        return (
            f"Inbox entry {self.name} is {self.what}, not a report file: left where it is, not read"
        )


def left_alone(entries: list[tuple[Path, str]], inbox: Path) -> list[LeftAlone]:
    """The entries that are not regular files, each marked new the first run that sees it
    (remembered in the inbox's dot file NOTICED, which holds no content, only what and when)."""
    found = []
    for path, what in entries:
        try:
            # a hash of the name: the file may hold no personnummer a name carried
            digest = hashlib.sha256(os.fsencode(path.name)).hexdigest()[:16]
            key = f"{what}:{path.lstat().st_ino}:{digest}"
        except OSError:
            continue
        found.append((key, LeftAlone(shown_name(path), NOT_A_FILE[what], True)))
    memory = inbox / NOTICED
    try:
        seen = set(json.loads(memory.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        seen = set()
    for key, entry in found:
        entry.new = key not in seen
    keys = sorted(key for key, _ in found)
    if set(keys) != seen:
        with contextlib.suppress(OSError):  # a read-only inbox: each run reports them again
            if keys:
                memory.write_text(json.dumps(keys), encoding="utf-8")
            else:
                memory.unlink(missing_ok=True)
    return [entry for _, entry in found]
