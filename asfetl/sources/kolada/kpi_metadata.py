"""Kolada v3 KPI metadata (`GET /v3/kpi/{ids}`): titles, descriptions, periods and the calendar."""

import csv
import re
from datetime import date
from pathlib import Path
from typing import Any

from asfetl import paths
from asfetl.errors import AsfetlError
from asfetl.payload import Payload
from asfetl.settings import Settings
from asfetl.sources.http import HttpClient, HttpError, RateLimiter
from asfetl.sources.kolada import kpi_values
from asfetl.sources.source import Definition, Expected

DATASET = "kpi_metadata"
# KPIs Kolada has dropped, with the last title it gave them: a configuration that still names
# one is told which year its series ended, though Kolada no longer lists it.
ENDED_FILE = Path(__file__).with_name("ended_kpis.csv")
ENDED = re.compile(r"\(-\s*(\d{4})\)\s*$")  # "… andel (%) (-2021)": the series ended in 2021


def ended_year(title: str | None) -> int | None:
    """The year a KPI's title says its series ended, e.g. 2021 for "… (%) (-2021)"."""
    match = ENDED.search(title or "")
    return int(match[1]) if match else None


def metadata_urls(settings: Settings) -> list[str]:
    """One URL per 25 configured KPIs: for today's 18, one call."""
    kpis = sorted(kpi_values.kpi_indicators())
    step = kpi_values.MAX_LIST
    return [
        f"{settings.kolada_base_url}/kpi/{','.join(kpis[i : i + step])}"
        for i in range(0, len(kpis), step)
    ]


def fetch_kpi_metadata(
    settings: Settings, sample: bool, http: HttpClient | None = None
) -> list[Payload]:
    """The configured KPIs' metadata, one payload per call."""
    name = kpi_values.NAME
    if sample:
        content = (paths.sample_data_dir() / name / f"{DATASET}.json").read_bytes()
        (url,) = metadata_urls(settings)
        key = f"{name}/{DATASET}/sample"
        return [Payload(name, DATASET, key, "GET", url, None, content, is_sample=True)]
    http = http or HttpClient.for_settings(settings, RateLimiter(kpi_values.CALLS_PER_SECOND, 1.0))
    payloads = []
    for i, url in enumerate(metadata_urls(settings)):
        try:
            response = http.get_ok(url, what="Kolada KPI metadata")
        except HttpError as exc:
            raise AsfetlError(f"Kolada KPI metadata could not be fetched: {exc}.") from None
        key = f"{name}/{DATASET}/{i + 1}"
        payloads.append(Payload(name, DATASET, key, "GET", url, None, response.content))
    return payloads


def _year(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text[:4]) if text[:4].isdigit() else None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def parse_kpi_metadata(payload: Payload) -> list[Definition]:
    """One definition per KPI Kolada lists; a KPI it does not list is simply absent."""
    return [
        Definition(
            object_id=str(kpi["id"]),
            title=str(kpi.get("title") or ""),
            description=str(kpi.get("description") or ""),
            # publ_period is the period the publication on publication_date delivers: the
            # newest period out is one before it until that day (Definition.newest_out)
            next_period=_year(kpi.get("publ_period")),
            next_publication=_date(kpi.get("publication_date")),
        )
        for kpi in payload.json().get("values", [])
        if kpi.get("id")
    ]


def expected_kpis() -> list[Expected]:
    """The configured KPIs (kolada_kpis.csv) under their last known titles: an ended KPI's last
    title from ended_kpis.csv, else the title it was configured under."""
    with ENDED_FILE.open(encoding="utf-8", newline="") as f:
        ended = {row["kpi_id"]: row["last_title"] for row in csv.DictReader(f)}
    with kpi_values.KPIS_FILE.open(encoding="utf-8", newline="") as f:
        configured = list(csv.DictReader(f))
    return [
        Expected(row["kpi_id"], ended.get(row["kpi_id"]) or row.get("kpi_title") or "")
        for row in configured
    ]


def newest_loaded(con: Any) -> dict[str, int]:
    """KPI → the newest year Kolada has given rows for (a 'Missing' row counts: it arrived)."""
    rows = con.execute("select kpi, max(year) from raw.kolada_kpi_values group by kpi").fetchall()
    return {kpi: int(year) for kpi, year in rows if year is not None}
