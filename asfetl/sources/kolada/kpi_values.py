"""Kolada v3 KPI values: fetched with id and year lists of at most 25 and paging, parsed to rows."""

import csv
import hashlib
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from asfetl import geography, paths
from asfetl.errors import AsfetlError
from asfetl.payload import Payload
from asfetl.settings import Settings
from asfetl.sources.http import HttpClient, HttpError, RateLimiter
from asfetl.sources.sample import require_sample_region

if TYPE_CHECKING:  # pandas loads when a payload is parsed, not when settings list the sources
    import pandas as pd

NAME = "kolada"
DATASET = "kpi_values"
KPIS_FILE = Path(__file__).with_name("kolada_kpis.csv")  # also the seed staging.seed_kolada_kpis
MAX_LIST = 25  # Kolada's limit for each comma-separated list in a data URL
PER_PAGE = 5000  # Kolada's maximum page size
MAX_PAGES = 1000
CALLS_PER_SECOND = 5  # no published limit; this is what Kolada asks of well-behaved clients
COLUMNS = [
    "kpi",
    "municipality_id",
    "area_code",
    "period",
    "year",
    "gender",
    "value",
    "status",
    "count",
]


@cache
def kpi_indicators() -> dict[str, str]:
    """KPI id → indicator id; the one place the KPIs are configured (kolada_kpis.csv, beside this)."""
    with KPIS_FILE.open(encoding="utf-8", newline="") as f:
        return {row["kpi_id"]: row["indicator_id"] for row in csv.DictReader(f)}


@cache
def percentage_kpis() -> frozenset[str]:
    """The KPIs whose unit is '%' in kolada_kpis.csv: their values must lie from 0 to 100."""
    with KPIS_FILE.open(encoding="utf-8", newline="") as f:
        return frozenset(row["kpi_id"] for row in csv.DictReader(f) if row["unit"] == "%")


def with_check_columns(frame: "pd.DataFrame") -> "pd.DataFrame":
    """The parsed frame as its suite checks it: `is_percentage` tells which rows the 0–100 rule
    applies to (a count such as inhabitants is not a share)."""
    return frame.assign(is_percentage=frame["kpi"].isin(percentage_kpis()).astype(bool))


def kolada_id(area_code: str) -> str:
    """Kolada writes Sweden as '0000' and a county as '00' + its code; municipalities as SCB does."""
    return area_code.zfill(4)


def area_code_of(municipality_id: str) -> str:
    if municipality_id == "0000":
        return geography.COUNTRY_CODE
    if municipality_id.startswith("00"):
        return municipality_id[2:]
    return municipality_id


def _chunks(values: list[str]) -> list[list[str]]:
    return [values[i : i + MAX_LIST] for i in range(0, len(values), MAX_LIST)]


def data_urls(settings: Settings) -> list[str]:
    """The fewest data URLs that cover every KPI, area and year with lists of at most 25. The
    areas are the region's and Sweden (0000) beside a county. Sweden costs a call only where
    it opens a list: Västra Götaland (1 + 49 = 50 ids, 2 lists) needs 3 with it; every other
    county stays within its lists (Örebro 14 ids: 1). The whole country's 312 ids (13 lists)
    already hold Sweden."""
    kpis = sorted(kpi_indicators())
    ids = [kolada_id(a.code) for a in geography.statistics_areas(settings.region)]
    years = [str(y) for y in range(settings.first_year, date.today().year + 1)]
    return [
        f"{settings.kolada_base_url}/data/kpi/{','.join(k)}/municipality/{','.join(i)}"
        f"/year/{','.join(y)}?per_page={PER_PAGE}"
        for k in _chunks(kpis)
        for i in _chunks(ids)
        for y in _chunks(years)
    ]


def fetch_kpi_values(
    settings: Settings, sample: bool, http: HttpClient | None = None
) -> list[Payload]:
    """Every page of every data URL, each page a payload of its own."""
    if sample:
        return _sample_kpi_values(settings)
    http = http or HttpClient.for_settings(settings, RateLimiter(CALLS_PER_SECOND, 1.0))
    try:
        return _fetch_pages(settings, http)
    except HttpError as exc:
        raise AsfetlError(
            f"Kolada KPI values could not be fetched from {settings.kolada_base_url}: {exc}; check "
            "ASFETL_KOLADA_BASE_URL and the network, or run with --sample."
        ) from None


def _fetch_pages(settings: Settings, http: HttpClient) -> list[Payload]:
    payloads = []
    for first_url in data_urls(settings):
        request_id = hashlib.sha256(first_url.split("?")[0].encode()).hexdigest()[:12]
        url: str | None = first_url
        page = 1
        while url:
            if page > MAX_PAGES:
                raise AsfetlError(
                    f"Kolada kept sending next pages past {MAX_PAGES} for {first_url}"
                )
            response = http.get_ok(url, what=f"Kolada data {first_url.split('/data/')[1]}")
            key = f"{NAME}/{settings.region}/{request_id}/page-{page}"
            payloads.append(Payload(NAME, DATASET, key, "GET", url, None, response.content))
            document = response.json()
            following = document.get("next_url") or document.get("next_page")  # v3 / v2 names
            url = urljoin(url, following) if following else None
            page += 1
    return payloads


def _sample_kpi_values(settings: Settings) -> list[Payload]:
    require_sample_region(settings.region)
    content = (paths.sample_data_dir() / NAME / f"{DATASET}.json").read_bytes()
    (url,) = data_urls(settings.model_copy(update={"first_year": 2015}))
    key = f"{NAME}/{settings.region}/sample/page-1"
    return [Payload(NAME, DATASET, key, "GET", url, None, content, is_sample=True)]


def _deleted(entry: dict) -> bool:
    """Kolada v3 marks a withdrawn row `isdeleted` (seen as true, 1 or "true")."""
    return str(entry.get("isdeleted", "")).strip().casefold() in ("true", "1")


def parse_kpi_values(payload: Payload, first_year: int) -> "pd.DataFrame":
    """One row per (kpi, area, period, gender); Kolada's 'Missing' stays a NULL with its status
    and any other status is kept as Kolada wrote it (validation flags it, never refuses it).
    Rows Kolada marks deleted are dropped; how many is in the frame's attrs["dropped"]."""
    import pandas as pd

    items = payload.json().get("values", [])
    entries = [(item, value) for item in items for value in item.get("values", [])]
    kept = [(i, v) for i, v in entries if not (_deleted(i) or _deleted(v))]
    rows = [
        {
            "kpi": item.get("kpi"),
            "municipality_id": str(item.get("municipality")),
            "period": str(item.get("period")),
            "gender": value.get("gender"),
            "value": value.get("value"),
            "status": value.get("status") or "",
            "count": value.get("count"),
        }
        for item, value in kept
    ]
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("area_code", "year")])
    frame = frame.astype({"kpi": "string", "municipality_id": "string", "period": "string"})
    frame["area_code"] = frame["municipality_id"].map(area_code_of).astype("string")
    frame["year"] = pd.to_numeric(frame["period"], errors="coerce").astype("Int64")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("Float64")
    frame["count"] = pd.to_numeric(frame["count"], errors="coerce").astype("Int64")
    frame = frame[COLUMNS]
    keep = frame["year"].isna() | (frame["year"] >= first_year)
    frame = frame[keep].reset_index(drop=True)
    frame.attrs["dropped"] = len(entries) - len(kept)
    return frame
