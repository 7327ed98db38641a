"""The upload form's body: read while counting (too large → stop at once), then its parts.

The body is kept in memory, never spooled to a temporary file: a file with a personnummer must
not reach the disk. It is at most the report's byte budget plus a little for the form around it.
"""

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

FORM_OVERHEAD = 64 * 1024  # the form's other fields and the parts' headers
MAX_PARTS = 8
_BOUNDARY = re.compile(r'boundary="?([0-9A-Za-z\'()+_,\-./:=? ]{1,70})"?')
_PARAMETER = re.compile(r';\s*(name|filename)="([^"]*)"', re.IGNORECASE)


class TooLarge(Exception):
    """The body is longer than allowed (said by its Content-Length, or counted)."""


class BadForm(Exception):
    """Not the upload form: no multipart body, or a malformed one."""


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    file_name: str = ""
    file_bytes: bytes | None = None


async def read_body(headers, chunks: AsyncIterator[bytes], limit: int) -> bytes:
    """The whole body, or TooLarge as soon as its declared or counted length passes `limit`
    (before reading it all: the rest is never read)."""
    declared = headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise TooLarge
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise TooLarge
    return bytes(body)


def parse_form(content_type: str, body: bytes) -> Form:
    """The fields and the one file of a multipart/form-data body."""
    match = _BOUNDARY.search(content_type or "")
    if not (content_type or "").lower().startswith("multipart/form-data") or not match:
        raise BadForm("not multipart/form-data")
    delimiter = b"\r\n--" + match.group(1).strip().encode()
    parts = (b"\r\n" + body).split(delimiter)
    if len(parts) < 2 or not parts[-1].startswith(b"--"):
        raise BadForm("no closing boundary")
    if len(parts) - 2 > MAX_PARTS:
        raise BadForm("too many parts")
    form = Form()
    for part in parts[1:-1]:
        head, separator, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            raise BadForm("a part without headers")
        disposition = next(
            (line for line in head.decode("utf-8", "replace").split("\r\n")
             if line.lower().startswith("content-disposition:")), "",
        )  # fmt: skip
        params = {k.lower(): v for k, v in _PARAMETER.findall(disposition)}
        name = params.get("name")
        if name is None:
            raise BadForm("a part without a name")
        if "filename" in params:
            if name != "file" or form.file_bytes is not None:
                raise BadForm("more than one file")
            form.file_name, form.file_bytes = params["filename"], content
        elif name not in form.fields:
            form.fields[name] = content.decode("utf-8", "replace")[:1000]
    return form
