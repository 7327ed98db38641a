"""The xlsx archive as a stream: members checked from its directory, XML parsed by expat as
flat events, never a tree, with a DTD (the way to entity bombs) refused."""

import io
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

from asfetl.reports.limits import Budget, Clock, OverBudget

MAX_ENTRIES = 1000  # archive members: a workbook has a few dozen
MAX_TEXT = 100_000  # characters of one cell's (or one tag's) text: Excel allows 32,767


class Unreadable(Exception):
    """Not a workbook we can read; `why` is a reader_messages.REASONS key."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class Archive:
    """The zip's members, each unpacked at most to its declared size (zipfile enforces it)."""

    def __init__(self, raw: bytes, budget: Budget):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise Unreadable("workbook") from exc
        if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > budget.max_unpacked_bytes:
            raise OverBudget("unpacked")
        self.sizes = {i.filename: i.file_size for i in infos}
        self.names = set(self.sizes)

    def read(self, name: str) -> bytes:
        """One member's bytes, for a small binary part (its size is checked by the caller)."""
        try:
            return self.zip.read(name)
        except (zipfile.BadZipFile, KeyError, EOFError, OSError, NotImplementedError,
                RuntimeError, zlib.error) as exc:  # fmt: skip
            raise Unreadable("workbook") from exc

    def events(self, name: str, clock: Clock) -> Iterator[tuple[str, str, object]]:
        """("start", tag, attributes), ("text", "", data) and ("end", tag, None) of one XML
        member, streamed: no tree is built, and a DTD (the way to entity bombs) is refused."""
        queue: list[tuple[str, str, object]] = []
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartElementHandler = lambda tag, attrs: queue.append(("start", local(tag), attrs))
        parser.EndElementHandler = lambda tag: queue.append(("end", local(tag), None))
        parser.CharacterDataHandler = lambda data: queue.append(("text", "", data))

        def refuse(*_: object) -> None:
            raise Unreadable("workbook")

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        try:
            with self.zip.open(name) as stream:
                while chunk := stream.read(1 << 16):
                    parser.Parse(chunk, False)
                    yield from queue
                    queue.clear()
                    clock.tick()
                parser.Parse(b"", True)
        except (expat.ExpatError, zipfile.BadZipFile, KeyError, EOFError, OSError,
                NotImplementedError, RuntimeError, zlib.error) as exc:  # fmt: skip
            raise Unreadable("workbook") from exc
        yield from queue


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class Text:
    """Character data gathered between tags, never more than a cell may hold."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, data: str) -> None:
        self.size += len(data)
        if self.size > MAX_TEXT:
            raise OverBudget("cell_text")
        self.parts.append(data)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts, self.size = [], 0
        return text
