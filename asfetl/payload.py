"""`Payload`: the bytes a publisher returned for one request, as every source's fetch returns them."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Payload:
    """The bytes a publisher returned for one request, and how they were asked for."""

    source: str  # the declaring source's name (asfetl/sources/<source>/)
    dataset: str  # the dataset of that source the payload feeds
    request_key: str  # stable identity of the request, e.g. '<source>/<table>/<region>'
    method: str
    url: str
    body: dict[str, Any] | None
    content: bytes
    is_sample: bool = False
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def json(self) -> Any:
        # utf-8-sig: some publishers' bodies start with a byte-order mark
        return json.loads(self.content.decode("utf-8-sig"))
