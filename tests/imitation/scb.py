"""A local imitation of SCB's Statistikdatabasen, PxWebApi 2.0, serving two population tables.

Shapes (key order, nesting, `extension` blocks, notes, codelists, problem+json errors) are copied
from the real recordings in tests/fixtures/scb/. The numbers are synthetic except Örebro län and
its municipalities in 2023 and 2024, which are SCB's published figures (their split by sex is
synthetic; men + women is the total before 2025, as in SCB's TAB638).

    with ScbImitation(max_cells=1000) as scb:
        requests.post(f"{scb.url}/tables/TAB638/data?lang=sv&outputFormat=json-stat2", json=...)
        scb.data_requests()  # what the client sent

Endpoints under /api/v2: GET /config, GET /tables, GET /tables/{id}, GET /tables/{id}/metadata,
GET|POST /tables/{id}/data, GET /codelists/{id}.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import urlencode

from .common import JSON, ImitationServer, Recorded, Reply, json_reply, problem

# The model, tables, selections and documents live in scb_*.py; re-exported here because tests
# and benchmarks import them from tests.imitation.scb.
from .scb_cells import cell_value, population
from .scb_documents import data_document, metadata_document
from .scb_population import (
    REAL_POPULATION,
    SUPPRESSED,
    ckm_offset,
    model_population,
    model_population_by_sex,
)
from .scb_selection import (
    Selected,
    SelectionError,
    bad_request,
    resolve,
    split_get_value_codes,
)
from .scb_tables import AGE_SHARES, MARITAL_SHARES, Codelist, Table, Variable, tables

__all__ = [
    "AGE_SHARES",
    "MARITAL_SHARES",
    "REAL_POPULATION",
    "SUPPRESSED",
    "Codelist",
    "ScbImitation",
    "Selected",
    "SelectionError",
    "Table",
    "Variable",
    "bad_request",
    "cell_value",
    "ckm_offset",
    "data_document",
    "metadata_document",
    "model_population",
    "model_population_by_sex",
    "population",
    "resolve",
    "split_get_value_codes",
    "tables",
]

MAX_URL_LENGTH = 2100  # longer GET request targets get 404, as from the real front end
UNLIMITED_CALLS = 1_000_000  # what /config reports as maxCallsPerTimeWindow with max_calls=None


_TABLE_PATH = re.compile(r"^/tables/([^/]+)(/metadata|/data)?/?$")
_CODELIST_PATH = re.compile(r"^/codelists/([^/]+)/?$", re.IGNORECASE)
_VALUE_CODES = re.compile(r"^valueCodes\[(.+)\]$")
_CODELIST_PARAM = re.compile(r"^codelist\[(.+)\]$")


class ScbImitation(ImitationServer):
    """SCB PxWebApi 2.0 on 127.0.0.1; `url` is "http://127.0.0.1:PORT/api/v2"."""

    base_path = "/api/v2"
    data_prefix = "/tables/"

    def __init__(
        self,
        max_cells: int = 150_000,
        max_calls: int | None = 30,
        time_window: float = 10,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(max_calls, time_window, host=host, port=port)
        self.max_cells = max_cells

    def is_data(self, recorded: Recorded) -> bool:
        return recorded.path.rstrip("/").endswith("/data")

    # ---- routing ------------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: bytes,
        target: str,
        headers: dict[str, str],
    ) -> Reply:
        if method == "GET" and len(target) > MAX_URL_LENGTH:
            return Reply(404, b"", {"Content-Type": "text/html"})
        if not path.startswith(self.base_path + "/"):
            return problem(404, "Not found", path)
        route = path[len(self.base_path) :]
        if route.rstrip("/") == "/config":
            return self._only(method, "GET") or json_reply(200, self.config_document())
        if route.rstrip("/") == "/tables":
            return self._only(method, "GET") or self._tables(query)
        if m := _CODELIST_PATH.match(route):
            return self._only(method, "GET") or self._codelist(m[1])
        m = _TABLE_PATH.match(route)
        if not m:
            return problem(404, "Not found", path)
        table = tables().get(m[1].upper())
        if table is None:
            return problem(404, "Non-existent table", m[1])
        if m[2] is None:
            return self._only(method, "GET") or json_reply(200, self._table_entry(table))
        if m[2] == "/metadata":
            return self._only(method, "GET") or self._metadata(table, query)
        if method not in ("GET", "POST"):
            return problem(405, "Method Not Allowed", method)
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        if method == "POST" and body.strip() and "json" not in content_type.lower():
            return problem(415, "Unsupported Media Type", content_type or None)
        return self._data(table, method, query, body)

    @staticmethod
    def _only(method: str, allowed: str) -> Reply | None:
        return None if method == allowed else problem(405, "Method Not Allowed", method)

    # ---- documents ----------------------------------------------------------------------------

    def config_document(self) -> dict[str, Any]:
        return {
            "apiVersion": "2.2.0",
            "appVersion": "1.0.0",
            "languages": [{"id": "en", "label": "English"}, {"id": "sv", "label": "Svenska"}],
            "defaultLanguage": "sv",
            "maxDataCells": self.max_cells,
            # With the limiter off (max_calls=None) a large number, as clients expect an int.
            "maxCallsPerTimeWindow": UNLIMITED_CALLS if self.max_calls is None else self.max_calls,
            "timeWindow": int(w) if (w := self.time_window) == int(w) else w,
            "license": "https://creativecommons.org/share-your-work/public-domain/cc0/",
            "sourceReferences": [
                {"language": "en", "text": "Source: Statistics Sweden"},
                {"language": "sv", "text": "Källa: SCB"},
            ],
            "defaultDataFormat": "json-stat2",
            "dataFormats": ["json-stat2", "csv", "px", "xlsx", "html", "json-px"],
            "features": [{"id": "CORS", "params": [{"key": "enabled", "value": "True"}]}],
        }

    def _table_entry(self, table: Table) -> dict[str, Any]:
        periods = list(table.variable("Tid").values)
        href = f"{self.url}/tables/{table.id}"
        return {
            "id": table.id,
            "label": table.label,
            "description": "",
            "sortCode": table.id,
            "updated": table.updated,
            "firstPeriod": periods[0],
            "lastPeriod": periods[-1],
            "category": "public",
            "variableNames": [v.label for v in table.variables],
            "source": "SCB",
            "subjectCode": "BE",
            "timeUnit": "Annual",
            "paths": [
                [
                    {"id": "BE", "label": "Befolkning", "sortCode": "Befolkning"},
                    {"id": "BE0101", "label": "Befolkningsstatistik", "sortCode": "001"},
                    {"id": "BE0101A", "label": "Folkmängd", "sortCode": "001"},
                ]
            ],
            "links": [
                {"rel": "self", "hreflang": "sv", "href": f"{href}?lang=sv"},
                {"rel": "alternate", "hreflang": "en", "href": f"{href}?lang=en"},
                {"rel": "metadata", "hreflang": "sv", "href": f"{href}/metadata?lang=sv"},
                {
                    "rel": "data",
                    "hreflang": "sv",
                    "href": f"{href}/data?lang=sv&outputFormat=json-stat2",
                },
            ],
        }

    def _tables(self, query: dict[str, list[str]]) -> Reply:
        text = (query.get("query") or [""])[0].casefold()
        try:
            size = int((query.get("pagesize") or query.get("pageSize") or ["20"])[0])
            number = int((query.get("pageNumber") or ["1"])[0])
        except ValueError:
            return problem(400, "Parameter error", "pagesize and pageNumber must be integers")
        found = [
            t
            for t in tables().values()
            if not text or text in t.label.casefold() or text in t.id.casefold()
        ]
        pages = max(1, math.ceil(len(found) / size)) if size > 0 else 1
        if size <= 0 or number < 1 or number > pages:
            return problem(404, "Non-existent page", "Non-existent page")

        def link(rel: str, page: int) -> dict[str, str]:
            params = {"lang": "sv", "pagesize": size, "pageNumber": page}
            if text:
                params["query"] = text
            return {"rel": rel, "hreflang": "sv", "href": f"{self.url}/tables/?{urlencode(params)}"}

        page_links = []
        if number > 1:
            page_links.append(link("previous", number - 1))
        if number < pages:
            page_links.append(link("next", number + 1))
        page_links.append(link("last", pages))
        document = {
            "language": "sv",
            "tables": [self._table_entry(t) for t in found[(number - 1) * size : number * size]],
            "page": {
                "pageNumber": number,
                "pageSize": size,
                "totalElements": len(found),
                "totalPages": pages,
                "links": page_links,
            },
            "links": [link("self", number)],
        }
        return json_reply(200, document)

    def _codelist(self, codelist_id: str) -> Reply:
        for table in tables().values():
            for variable in table.variables:
                codelist = variable.codelist(codelist_id)
                if codelist is not None:
                    document = {
                        "id": codelist.id,
                        "label": codelist.label,
                        "language": "sv",
                        "languages": ["sv", "en"],
                        "elimination": False,
                        "type": codelist.type,
                        "values": [
                            {"code": c, "label": variable.values[c], "valueMap": [c]}
                            for c in codelist.codes
                        ],
                        "links": [
                            {
                                "rel": "self",
                                "hreflang": "sv",
                                "href": f"{self.url}/codeLists/{codelist.id}?lang=sv",
                            }
                        ],
                    }
                    return json_reply(200, document)
        return problem(404, "Non-existent codelist", codelist_id)

    def _metadata(self, table: Table, query: dict[str, list[str]]) -> Reply:
        output = (query.get("outputFormat") or ["json-stat2"])[0]
        if output.casefold() != "json-stat2":
            return problem(400, "Unsupported output format", "Unsupported output format")
        return json_reply(200, metadata_document(table, self.url))

    def _data(self, table: Table, method: str, query: dict[str, list[str]], body: bytes) -> Reply:
        output = (query.get("outputFormat") or ["json-stat2"])[0]
        if output.casefold() != "json-stat2":
            # The real service also speaks csv, px, xlsx, html and json-px; the imitation does not.
            return problem(400, "Unsupported output format", "Unsupported output format")
        try:
            items = self._selection_items(method, query, body)
            selected, _ = resolve(table, items)
        except SelectionError as exc:
            return exc.reply
        cells = math.prod(len(s.codes) for s in selected)
        if cells > self.max_cells:
            return problem(  # 400, as the PxWebApi 2.0 server does (its specification says 403)
                400,
                "Too many cells selected",
                f"The selection gives {cells} cells; the limit is {self.max_cells} cells.",
            )
        if any(s.duplicated for s in selected):
            return Reply(500, b"", {})  # what SCB answers to a value code given twice
        return json_reply(200, data_document(table, selected), JSON)

    @staticmethod
    def _selection_items(
        method: str, query: dict[str, list[str]], body: bytes
    ) -> list[tuple[str, list[str], str | None]]:
        codelists: dict[str, str] = {}
        for key, values in query.items():
            if m := _CODELIST_PARAM.match(key):
                codelists[m[1]] = values[-1]
        if method == "POST" and body.strip():
            try:
                document = json.loads(body)
            except ValueError as exc:
                raise SelectionError(
                    json_reply(
                        400,
                        {
                            "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                            "title": "One or more validation errors occurred.",
                            "status": 400,
                            "errors": {"$": [f"The JSON value could not be converted: {exc}"]},
                        },
                        "application/problem+json; charset=utf-8",
                    )
                ) from None
            selection = document.get("selection") if isinstance(document, dict) else None
            items = []
            for item in selection or []:
                if not isinstance(item, dict) or not isinstance(item.get("variableCode"), str):
                    raise bad_request("Non-existent variable", json.dumps(item, ensure_ascii=False))
                codes = item.get("valueCodes") or []
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    raise bad_request("Illegal selection expression", item["variableCode"])
                code = item["variableCode"]
                items.append((code, codes, item.get("codelist") or codelists.get(code)))
            return items
        items = []
        for key, values in query.items():
            if m := _VALUE_CODES.match(key):
                codes = [c for value in values for c in split_get_value_codes(value)]
                items.append((m[1], codes, codelists.get(m[1])))
        return items
