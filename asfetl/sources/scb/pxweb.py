"""A PxWebApi 2.0 client (SCB's Statistikdatabasen) that keeps to the service's published limits.

Reads /config and obeys it: never more than maxCallsPerTimeWindow calls per timeWindow, never
more than maxDataCells cells per call (a selection that would exceed it is split; a 403 "too
many cells" splits further). Selections are always explicit and deduplicated; a GET URL that
would be long becomes a POST.
"""

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import quote

import requests

from asfetl.errors import AsfetlError
from asfetl.sources.http import HttpClient, HttpError, RateLimiter, problem_title

MAX_GET_URL = 2000  # SCB answers 404 to URLs longer than about 2,100 characters
DATA_FORMAT = "lang=sv&outputFormat=json-stat2"


@dataclass(frozen=True)
class ApiConfig:
    max_cells: int
    max_calls: int
    window: float


@dataclass(frozen=True)
class Variable:
    code: str
    elimination: bool  # may be left out of a selection (the service then returns its total)
    values: tuple[str, ...]


@dataclass(frozen=True)
class TableMeta:
    table_id: str
    variables: tuple[Variable, ...]

    def variable(self, code: str) -> Variable | None:
        return next((v for v in self.variables if v.code == code), None)


@dataclass(frozen=True)
class Query:
    """An explicit selection: variable code → value codes, in the table's variable order."""

    table_id: str
    selection: dict[str, tuple[str, ...]] = field(hash=False)

    @property
    def cells(self) -> int:
        return math.prod(len(codes) for codes in self.selection.values())

    def with_codes(self, variable: str, codes: tuple[str, ...]) -> "Query":
        return replace(self, selection={**self.selection, variable: codes})

    def body(self) -> dict:
        return {
            "selection": [
                {"variableCode": var, "valueCodes": list(codes)}
                for var, codes in self.selection.items()
            ]
        }

    def get_url(self, base_url: str) -> str:
        params = "".join(
            f"&valueCodes[{quote(var)}]={','.join(quote(c, safe='') for c in codes)}"
            for var, codes in self.selection.items()
        )
        return f"{self.data_url(base_url)}{params}"

    def data_url(self, base_url: str) -> str:
        return f"{base_url}/tables/{self.table_id}/data?{DATA_FORMAT}"

    def key(self) -> str:
        """A short stable identity for the selection, for recognising unchanged payloads."""
        digest = hashlib.sha256(json.dumps(self.body(), sort_keys=True).encode()).hexdigest()
        return digest[:12]


def split(query: Query, max_cells: int) -> list[Query]:
    """Queries of at most max_cells each that together select exactly what `query` selects,
    as few as splitting along the largest variable allows."""
    if query.cells <= max_cells:
        return [query]
    variable = max(query.selection, key=lambda v: len(query.selection[v]))
    codes = query.selection[variable]
    if len(codes) == 1:
        raise AsfetlError(f"SCB table {query.table_id}: one cell selection exceeds the limit")
    others = query.cells // len(codes)
    size = max(1, max_cells // others)
    chunks = [codes[i : i + size] for i in range(0, len(codes), size)]
    return [
        part for chunk in chunks for part in split(query.with_codes(variable, chunk), max_cells)
    ]


@dataclass(frozen=True)
class Response:
    query: Query
    method: str
    url: str
    body: dict | None
    content: bytes


class PxWebClient:
    def __init__(self, base_url: str, http: HttpClient | None = None):
        self.base_url = base_url.rstrip("/")
        # Until /config is read, keep to the most careful limit SCB has published.
        self.http = http or HttpClient(limiter=RateLimiter(max_calls=10, window=10))
        self._config: ApiConfig | None = None

    def config(self) -> ApiConfig:
        if self._config is None:
            doc = self.http.get_ok(
                f"{self.base_url}/config", what="SCB /config", once_per_run=True
            ).json()
            self._config = ApiConfig(
                max_cells=int(doc["maxDataCells"]),
                max_calls=int(doc["maxCallsPerTimeWindow"]),
                window=float(doc["timeWindow"]),
            )
            if self.http.limiter:
                self.http.limiter.configure(self._config.max_calls, self._config.window)
        return self._config

    def metadata(self, table_id: str) -> TableMeta:
        self.config()  # the limits apply from the first call on
        url = f"{self.base_url}/tables/{table_id}/metadata?lang=sv"
        # once per run: the contract watch reads the same answer (table_metadata.py)
        doc = self.http.get_ok(url, what=f"SCB table {table_id} metadata", once_per_run=True).json()
        variables = []
        for code in doc["id"]:
            dimension = doc["dimension"][code]
            index = dimension["category"]["index"]
            values = index if isinstance(index, list) else sorted(index, key=index.__getitem__)
            elimination = bool(dimension.get("extension", {}).get("elimination", False))
            variables.append(Variable(code, elimination, tuple(values)))
        return TableMeta(table_id, tuple(variables))

    def fetch(self, query: Query) -> list[Response]:
        """Every part of the query's data, split to respect the cell limit."""
        return [
            response
            for part in split(query, self.config().max_cells)
            for response in self._fetch_part(part)
        ]

    def _fetch_part(self, query: Query) -> Iterator[Response]:
        what = f"SCB table {query.table_id}"
        url = query.get_url(self.base_url)
        if len(url) <= MAX_GET_URL:
            method, body, response = "GET", None, self.http.request("GET", url, what=what)
        else:
            method, body, url = "POST", query.body(), query.data_url(self.base_url)
            response = self.http.request("POST", url, what=what, json=body)
        if _too_many_cells(response):  # after all: halve and try again
            yield from self._fetch_halves(query)
            return
        if response.status_code >= 400:
            raise HttpError(f"{what} failed ({problem_title(response)})", response.status_code)
        yield Response(query, method, url, body, response.content)

    def _fetch_halves(self, query: Query) -> Iterator[Response]:
        variable = max(query.selection, key=lambda v: len(query.selection[v]))
        codes = query.selection[variable]
        if len(codes) == 1:
            raise HttpError(f"SCB table {query.table_id} refused even a single-cell selection", 403)
        middle = len(codes) // 2
        for half in (codes[:middle], codes[middle:]):
            yield from self._fetch_part(query.with_codes(variable, half))


def _too_many_cells(response: requests.Response) -> bool:
    """The specification says 403; the PxWebApi 2.0 server answers 400 "Too many cells selected"."""
    if response.status_code == 403:
        return True
    return response.status_code == 400 and "too many cells" in problem_title(response).casefold()


def build_query(meta: TableMeta, wanted: dict[str, list[str]], totals: dict[str, str]) -> Query:
    """An explicit selection for every variable the table requires.

    `wanted` variables get their codes (deduplicated; codes the table lacks are an error);
    others get their total code from `totals` when the table has it; the rest must be
    eliminable, or the table cannot be asked without a choice we have not made.
    """
    selection: dict[str, tuple[str, ...]] = {}
    for variable in meta.variables:
        if variable.code in wanted:
            codes = tuple(dict.fromkeys(wanted[variable.code]))
            unknown = [c for c in codes if c not in variable.values]
            if unknown:
                raise AsfetlError(
                    f"SCB table {meta.table_id} has no {variable.code} {', '.join(unknown[:5])}; "
                    "check ASFETL_REGION and ASFETL_FIRST_YEAR."
                )
            selection[variable.code] = codes
        elif totals.get(variable.code) in variable.values:
            selection[variable.code] = (totals[variable.code],)
        elif not variable.elimination:
            raise AsfetlError(
                f"SCB table {meta.table_id} requires a selection for {variable.code}, and asfetl "
                "knows no total code for it; the table has changed: update asfetl's table settings."
            )
    return Query(meta.table_id, selection)
