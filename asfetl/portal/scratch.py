"""The portal's scratch files: each portal process checks uploads in its own folder (in memory,
/dev/shm, where there is one), held by a lock while it runs; at start every folder and file a
stopped or killed portal left is removed, whatever its age, and a running one's are left."""

import contextlib
import fcntl
import os
import secrets
import shutil
import stat
import tempfile
from pathlib import Path

PREFIX = ".asfetl-upload-"  # the inbox's intake skips names starting with a dot
MEMORY = Path("/dev/shm")  # memory, not disk: a rejected upload is never written to a disk
LOCK = ".lock"


def scratch_root(configured: Path | None, inbox: Path) -> Path:
    """ASFETL_PORTAL_SCRATCH_DIR when set; else /dev/shm where it can be written; else the
    inbox (dot names, which intake skips)."""
    if configured is not None:
        return configured
    return MEMORY if MEMORY.is_dir() and os.access(MEMORY, os.W_OK) else inbox


class Scratch:
    """This process's scratch folder, `<root>/.asfetl-upload-<id>/`, locked while it lives."""

    def __init__(self, root: Path):
        root.mkdir(parents=True, exist_ok=True)
        self.id = secrets.token_hex(6)
        self.folder = root / f"{PREFIX}{self.id}"
        self.folder.mkdir(mode=0o700)
        self._lock = os.open(self.folder / LOCK, os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o600)
        fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)

    @contextlib.contextmanager
    def file(self, data: bytes):
        """The bytes in a private file (mode 0600) for the checks, removed however they end."""
        fd, name = tempfile.mkstemp(dir=self.folder, prefix="check-")
        path = Path(name)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            yield path
        finally:
            path.unlink(missing_ok=True)

    def temporary_name(self) -> str:
        """A dot name for a file being written into the inbox, marked as this portal's."""
        return f"{PREFIX}{self.id}-{secrets.token_hex(8)}"

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.close(self._lock)


def _alive(folder: Path) -> bool:
    """Whether a portal holds this scratch folder's lock (a killed one holds nothing)."""
    try:
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        return False  # no lock file: being made this instant, or left half-made
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def remove_leftovers(root: Path, inbox: Path) -> list[str]:
    """Remove what stopped portals left in the scratch root and the inbox: their folders (by
    their lock) and files (by the portal id in the name), whatever their age. Returns the names
    removed."""
    removed = []
    live = set()
    for folder in {root, inbox}:
        for path in sorted(folder.glob(f"{PREFIX}*")) if folder.is_dir() else []:
            with contextlib.suppress(OSError):
                if stat.S_ISDIR(path.lstat().st_mode):
                    if _alive(path):
                        live.add(path.name.removeprefix(PREFIX))
                        continue
                    shutil.rmtree(path)
                    removed.append(path.name)
    for folder in {root, inbox}:
        for path in sorted(folder.glob(f"{PREFIX}*")) if folder.is_dir() else []:
            with contextlib.suppress(OSError):
                if stat.S_ISDIR(path.lstat().st_mode):
                    continue
                owner = path.name.removeprefix(PREFIX).split("-")[0]
                if owner not in live:  # a running portal's file being written is left
                    path.unlink()
                    removed.append(path.name)
    return removed
