"""A run reads its own copy of each inbox file: taken into the inbox's processing folder and
checked by size, times and SHA-256, so that what is filed is exactly the bytes that were read
and a version written during the run stays in the inbox for the next run."""

import contextlib
import errno
import hashlib
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

PROCESSING = ".asfetl-processing"  # a dot folder: intake never takes it for a report


@dataclass(frozen=True)
class Look:
    """What lstat says of a file: a change to any of these is a change to the file (ctime
    cannot be set back by the writer, as the modification time can)."""

    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> "Look":
        return cls(info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def look(path: Path) -> Look | None:
    """The file's Look, or None when it is gone or no longer a regular file."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return Look.of(info) if stat.S_ISREG(info.st_mode) else None


def processing_folder(inbox: Path) -> Path:
    """The run's own space in the inbox, emptied first: what a crashed run left is not ours to
    keep (the writer lock is held, so no other run is using it)."""
    folder = inbox / PROCESSING
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700)
    return folder


def remove_processing_folder(inbox: Path) -> None:
    shutil.rmtree(inbox / PROCESSING, ignore_errors=True)


class Changed(Exception):
    """The file changed (or went) while it was being taken."""


def take(path: Path, folder: Path, seen: Look, number: int) -> tuple[Path, str]:
    """Copy the file into `folder` and return (copy, sha256). Raises Changed when the file is
    no longer what `seen` describes, before or after its bytes were copied."""
    copy = folder / f"{number:05d}"
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except (FileNotFoundError, NotADirectoryError, OSError) as exc:
        if getattr(exc, "errno", None) == errno.ENOSPC:
            raise
        raise Changed(path) from None  # gone, or a link or a pipe now: not what was looked at
    try:
        with os.fdopen(fd, "rb") as source:
            if Look.of(os.fstat(source.fileno())) != seen:
                raise Changed(path)
            with open(copy, "xb") as out:
                for block in iter(lambda: source.read(1 << 20), b""):
                    digest.update(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            after = os.fstat(source.fileno())
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    if Look.of(after) != seen or look(path) != seen or copy.stat().st_size != seen.size:
        copy.unlink(missing_ok=True)
        raise Changed(path)
    return copy, digest.hexdigest()


def still_the_one_read(path: Path, seen: Look | None, sha256: str) -> bool:
    """Whether the inbox file is still the version that was read: same Look, same bytes."""
    if seen is None or look(path) != seen:
        return False
    if not sha256:
        return True  # never read (too large): its size and times are all there is to compare
    digest = hashlib.sha256()
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
        with os.fdopen(fd, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest() == sha256 and look(path) == seen
    return False
