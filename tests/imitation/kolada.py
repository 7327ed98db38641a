"""A local imitation of Kolada's API v3 (RKA): KPI data per municipality/region and year.

    with KoladaImitation(max_calls=5, time_window=1.0) as kolada:
        requests.get(f"{kolada.url}/data/kpi/N31807/municipality/1880,0018/year/2023,2024")

Endpoints under /v3: GET /data/kpi/{kpis}/municipality/{ids}/year/{years},
/data/kpi/{kpis}/year/{years}, /data/kpi/{kpis}/municipality/{ids},
/data/municipality/{ids}/year/{years}, /kpi/{ids}, /kpi?title=…, /municipality, /municipality/{ids}.
What it holds (KPIs, areas, values, the catalogue and its calendar) is tests/imitation/kolada_data.py.
`kpi_overrides` changes what `/kpi` says of a KPI (e.g. its description between two runs);
`without_country` names KPIs with no Riket (0000) item, as for a KPI Kolada has no national
figure of.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlencode

from .common import ImitationServer, Recorded, Reply, json_reply
from .kolada_data import (
    COUNTRY_ID,
    KPIS,
    YEARS,
    data_item,
    has_data,
    known_kpis,
    kolada_ids,
    kpi_document,
    municipality_document,
    scb_region,
)

MAX_LIST = 25  # entries in any comma-separated list of a data path
MAX_PER_PAGE = 5000


class KoladaError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.reply = json_reply(status, {"error": message}, "application/json")


_DATA_PATH = re.compile(
    r"^/data(?:/kpi/(?P<kpis>[^/]+))?(?:/municipality/(?P<ids>[^/]+))?(?:/year/(?P<years>[^/]+))?/?$"
)


def _split(text: str, what: str) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if len(items) > MAX_LIST:
        raise KoladaError(400, f"Too many {what}: {len(items)} given, at most {MAX_LIST} allowed.")
    return items


class KoladaImitation(ImitationServer):
    """Kolada API v3 on 127.0.0.1; `url` is "http://127.0.0.1:PORT/v3"."""

    base_path = "/v3"
    data_prefix = "/data/"

    def __init__(
        self,
        max_calls: int | None = 5,
        time_window: float = 1.0,
        per_page_default: int = MAX_PER_PAGE,
        legacy_paging: bool = False,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(max_calls, time_window, host=host, port=port)
        self.per_page_default = per_page_default
        self.legacy_paging = legacy_paging
        self.kpi_overrides: dict[str, dict[str, Any]] = {}  # KPI → fields /kpi says instead
        # KPIs with no national figure: no Riket (0000) item is listed for them, as Kolada lists
        # nothing for an area it has no value of (e.g. a KPI of the municipalities' own accounts)
        self.without_country: set[str] = set()

    def is_data(self, recorded: Recorded) -> bool:
        return True

    def handle(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: bytes,
        target: str,
        headers: dict[str, str],
    ) -> Reply:
        if method != "GET":
            return json_reply(405, {"error": f"Method {method} not allowed."})
        if not path.startswith(self.base_path + "/"):
            return json_reply(404, {"error": "Not found."})
        route = path[len(self.base_path) :]
        try:
            if route.startswith("/data/"):
                return self._data(route, query)
            if m := re.match(r"^/kpi(?:/([^/]+))?/?$", route):
                return self._kpi(m[1], query)
            if m := re.match(r"^/municipality(?:/([^/]+))?/?$", route):
                return self._municipality(m[1], query)
        except KoladaError as exc:
            return exc.reply
        return json_reply(404, {"error": "Not found."})

    # ---- data ---------------------------------------------------------------------------------

    def _data(self, route: str, query: dict[str, list[str]]) -> Reply:
        m = _DATA_PATH.match(route)
        if not m or (m["kpis"] is None) + (m["ids"] is None) + (m["years"] is None) > 1:
            raise KoladaError(404, "Not found.")
        kpis = _split(m["kpis"], "kpis") if m["kpis"] else sorted(KPIS)
        ids = _split(m["ids"], "municipalities") if m["ids"] else kolada_ids()
        years: list[int] = []
        for year in _split(m["years"], "years") if m["years"] else [str(y) for y in YEARS]:
            if not year.isdigit():
                raise KoladaError(400, f"Invalid year: {year!r}.")
            years.append(int(year))
        page, per_page = self._paging(query)
        order = {kolada_id: i for i, kolada_id in enumerate(kolada_ids())}
        keys = sorted(
            {
                (kpi, kolada_id, year)
                for kpi in kpis
                for kolada_id in ids
                for year in years
                if has_data(kpi, kolada_id, year)
                and not (kolada_id == COUNTRY_ID and kpi in self.without_country)
            },
            key=lambda k: (k[0], order[k[1]], k[2]),
        )
        chunk = keys[(page - 1) * per_page : page * per_page]
        pages = max(1, math.ceil(len(keys) / per_page))
        next_url = self._page_url(route, query, page + 1, per_page) if page < pages else None
        previous_url = (
            self._page_url(route, query, min(page - 1, pages), per_page) if page > 1 else None
        )
        next_key, previous_key = (
            ("next_page", "previous_page") if self.legacy_paging else ("next_url", "previous_url")
        )
        document = {
            "count": len(chunk),
            "values": [data_item(*key) for key in chunk],
            next_key: next_url,
            previous_key: previous_url,
        }
        return json_reply(200, document, "application/json")

    def _paging(self, query: dict[str, list[str]]) -> tuple[int, int]:
        try:
            page = int((query.get("page") or ["1"])[0])
            per_page = int((query.get("per_page") or [str(self.per_page_default)])[0])
        except ValueError:
            raise KoladaError(400, "page and per_page must be integers.") from None
        if page < 1:
            raise KoladaError(400, "page must be 1 or more.")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise KoladaError(400, f"per_page must be between 1 and {MAX_PER_PAGE}.")
        return page, per_page

    def _page_url(self, route: str, query: dict[str, list[str]], page: int, per_page: int) -> str:
        params = [
            (k, v) for k, values in query.items() for v in values if k not in ("page", "per_page")
        ]
        params += [("page", str(page)), ("per_page", str(per_page))]
        return f"{self.url}{route}?{urlencode(params)}"

    # ---- metadata -----------------------------------------------------------------------------

    def _kpi(self, ids: str | None, query: dict[str, list[str]]) -> Reply:
        known = known_kpis()
        found = [k for k in _split(ids, "kpis") if k in known] if ids else known
        documents = [kpi_document(k) | self.kpi_overrides.get(k, {}) for k in found]
        if not ids:
            title = (query.get("title") or [""])[0].casefold()
            documents = [d for d in documents if title in d["title"].casefold()]
        return json_reply(200, self._listing(documents), "application/json")

    def _municipality(self, ids: str | None, query: dict[str, list[str]]) -> Reply:
        if ids:
            found = [i for i in _split(ids, "municipalities") if scb_region(i) is not None]
        else:
            found = kolada_ids()
        documents = [municipality_document(i) for i in found]
        title = (query.get("title") or [""])[0].casefold()
        documents = [d for d in documents if title in d["title"].casefold()]
        return json_reply(200, self._listing(documents), "application/json")

    def _listing(self, documents: list[dict[str, Any]]) -> dict[str, Any]:
        next_key, previous_key = (
            ("next_page", "previous_page") if self.legacy_paging else ("next_url", "previous_url")
        )
        return {"count": len(documents), "values": documents, next_key: None, previous_key: None}
