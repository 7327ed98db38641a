"""A file already received through the same link: found by its bytes' SHA-256 in the names the
portal gave it (in the inbox, or filed under accepted/ once loaded), answered with the first
receipt's time instead of a second receipt."""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from types import SimpleNamespace

from asfetl.portal.links import Link
from asfetl.portal.upload import final_name

WORDS = {
    "sv": {
        "title": "Filen är redan mottagen",
        "text": "Exakt samma fil kom in {when} och sparades som {name}. Den har inte sparats "
        "igen och inget nytt kvitto ges: kvittot från första gången gäller. Har du ändrat "
        "något, kontrollera att du valde den ändrade filen.",
    },
    "en": {
        "title": "This file has already been received",
        "text": "Exactly this file arrived {when} and was stored as {name}. It has not been "
        "stored again and no new receipt is given: the first receipt stands. If you changed "
        "something, check that you chose the changed file.",
    },
}
_STAMP = re.compile(r"_(\d{8}T\d{6}Z)_[0-9a-f]{12}\.\w+$")


@dataclass(frozen=True)
class Earlier:
    name: str  # as the portal stored it
    received_at: datetime


def earlier_receipt(settings, link: Link, data: bytes) -> Earlier | None:
    """The first time these exact bytes came through this link's subject, if they did."""
    sha = hashlib.sha256(data).hexdigest()
    moment = datetime(2000, 1, 1, tzinfo=UTC)
    made = final_name(link, SimpleNamespace(sha256=sha, file_format="x"), moment)
    stem = made.removesuffix(f"_{moment:%Y%m%dT%H%M%SZ}_{sha[:12]}.x")
    pattern = re.compile(rf"(?:^|_){re.escape(stem)}_\d{{8}}T\d{{6}}Z_{sha[:12]}\.\w+$")
    accepted = Path(settings.warehouse).parent / "accepted"
    found = []
    for path in [*_files(settings.inbox), *_files(accepted, "*/*")]:
        if path.name.endswith(".feedback.txt") or not pattern.search(path.name):
            continue
        stamp = _STAMP.search(path.name).group(1)
        when = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        found.append(Earlier(path.name[path.name.index(stem) :], when))
    return min(found, key=lambda e: e.received_at) if found else None


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    return [p for p in folder.glob(pattern) if p.is_file()] if folder.is_dir() else []


def already_section(lang: str, earlier: Earlier) -> str:
    """The answer in place of a receipt."""
    w = WORDS[lang]
    when = f"{earlier.received_at:%Y-%m-%d %H:%M} UTC"
    return (
        '<section id="result" class="already" aria-labelledby="h-result" tabindex="-1">'
        f'<h2 id="h-result">{escape(w["title"])}</h2>'
        f"<p>{escape(w['text'].format(when=when, name=earlier.name))}</p></section>"
    )
