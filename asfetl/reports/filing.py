"""After publishing, file each decided inbox entry away with its own feedback (a receipt is
never overwritten); one entry that cannot be filed never stops the others or fails the run."""

import logging
import os
import shutil
from pathlib import Path

from asfetl.reports import feedback
from asfetl.reports.inbox import kind_of
from asfetl.reports.limits import Budget
from asfetl.reports.redact import write_redacted_copy
from asfetl.reports.snapshot import look, remove_processing_folder, still_the_one_read

log = logging.getLogger(__name__)


def planned_paths(
    decision, day: str, taken: set[str] | None = None
) -> tuple[Path | None, Path | None]:
    """Where a decided file and its feedback will be filed (relative to the warehouse folder).

    `taken`: feedback paths given out before; a name in it gets a sequence number, so that a
    later decision on the same file (a resubmission) never overwrites an earlier receipt. A file
    that was never read (too large, over budget, not understood, not a regular file) is not
    kept: its feedback records its SHA-256 and why. A folder in the inbox is left and logged.
    """
    if decision.decision == "deferred" or decision.check is None:
        return None, None
    check = decision.check
    kept = decision.decision in ("accepted", "duplicate") or check.file_format is not None
    folder = Path("accepted" if decision.decision in ("accepted", "duplicate") else "rejected", day)
    prefix = check.sha256[:8] if check.sha256 else ""
    taken = taken if taken is not None else set()
    for number in range(1, 10_000):
        tag = "-".join(filter(None, [prefix, str(number) if number > 1 else ""]))
        stem = f"{tag}_{decision.name}" if tag else decision.name
        receipt = folder / f"{stem}.feedback.txt"
        if str(receipt) not in taken:
            taken.add(str(receipt))
            return (folder / stem if kept else None), receipt
    raise RuntimeError(f"no free feedback name for {decision.name}")


PRIVATE_FOLDER = 0o700  # accepted/ and rejected/ hold the submitted files: the owner's only


def file_away(result, warehouse_dir: Path, budget: Budget | None = None) -> None:
    """After publishing: file each decided file's bytes as read, with its feedback report, and
    take it out of the inbox only if it is still the version that was read.

    A file that held a personnummer is kept only as a redacted copy. A file that cannot be
    filed, or that changed since it was read, stays in the inbox for the next run; the others
    go on. The run's processing folder is removed at the end.
    """
    budget = budget or Budget()
    for d in result.decisions:
        try:
            _file_one(d, warehouse_dir, budget)
        except Exception:
            log.exception("Could not file %s away; it stays in the inbox for the next run", d.name)
    if getattr(result, "inbox", None) is not None:
        remove_processing_folder(result.inbox)


def _file_one(d, warehouse_dir: Path, budget: Budget) -> None:
    if d.feedback is None:
        return
    if d.copy is None and look(d.original) != d.seen:
        # never read (a hard link, or too large to read) and changed or gone since: the inbox
        # holds another file now, decided by the next run
        return
    receipt = warehouse_dir / d.feedback
    receipt.parent.mkdir(parents=True, exist_ok=True)
    (warehouse_dir / d.feedback.parts[0]).chmod(PRIVATE_FOLDER)  # enterprises' own figures
    text = feedback.render(d.check, d.name, d.received_at, duplicate=d.decision == "duplicate")
    with receipt.open("x", encoding="utf-8") as out:  # "x": an earlier receipt is never replaced
        out.write(text)
    source = d.copy or d.original
    if d.stored is None:  # never read: not kept; the receipt holds its hash and why
        if d.copy is not None:
            d.copy.unlink(missing_ok=True)
        _release(d)
        return
    target = warehouse_dir / d.stored
    if target.exists():
        raise FileExistsError(f"{d.stored} already exists")
    if d.check.has_personnummer:
        if not write_redacted_copy(source, target, d.check, budget):
            d.stored = None
        source.unlink()
    else:
        _move(source, target)
    if d.copy is not None:
        _release(d)


def _release(d) -> None:
    """Take the file out of the inbox if it is still the version that was read; a version
    written since stays there for the next run."""
    if still_the_one_read(d.original, d.seen, d.check.sha256 if d.copy else ""):
        d.original.unlink()
    elif kind_of(d.original) != "gone":
        log.warning("%s changed since it was read: the version read is filed, the new one "
                    "stays in the inbox for the next run", d.name)  # fmt: skip


def _move(source: Path, target: Path) -> None:
    try:
        os.rename(source, target)
    except OSError:  # another file system: copy, then remove
        shutil.copyfile(source, target, follow_symlinks=False)
        source.unlink()
