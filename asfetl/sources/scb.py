"""SCB Statistikdatabasen (PxWebApi 2.0): population 31 December by region and year."""

from datetime import UTC, datetime

import pandas as pd
import requests

from asfetl import geography
from asfetl.errors import AsfetlError
from asfetl.landing import Payload
from asfetl.paths import sample_data_dir
from asfetl.settings import Settings
from asfetl.sources.jsonstat import parse_jsonstat2

SOURCE = "scb"
POPULATION_TABLE = "TAB638"  # population 31 Dec by region, marital status, age, sex, 1968–2024
POPULATION_CONTENTS = "BE0101N1"  # folkmängd
SAMPLE_REGION = "18"
HTTP_TIMEOUT = (10, 120)  # seconds: connect, read
ATTRIBUTION = "Källa: SCB"


def population_request(settings: Settings) -> tuple[str, dict]:
    """The POST that asks TAB638 for population of every area in the region, from first_year.

    Marital status, age and sex are eliminated (left out), so SCB returns their totals.
    """
    codes = [a.code for a in geography.region_areas(settings.region)]
    body = {
        "selection": [
            {"variableCode": "Region", "valueCodes": list(dict.fromkeys(codes))},
            {"variableCode": "ContentsCode", "valueCodes": [POPULATION_CONTENTS]},
            {"variableCode": "Tid", "valueCodes": [f"from({settings.first_year})"]},
        ]
    }
    url = f"{settings.scb_base_url}/tables/{POPULATION_TABLE}/data?lang=sv&outputFormat=json-stat2"
    return url, body


def fetch_population(settings: Settings, sample: bool) -> Payload:
    """The population payload: from SCB, or in sample mode from the copy shipped in the package."""
    url, body = population_request(settings)
    key = f"{SOURCE}/{POPULATION_TABLE}/{settings.region}"
    if sample:
        if settings.region != SAMPLE_REGION:
            raise AsfetlError(
                f"The sample data covers Örebro län (18) only, but ASFETL_REGION={settings.region}; "
                "unset ASFETL_REGION or run without --sample."
            )
        content = (sample_data_dir() / "scb" / f"{POPULATION_TABLE}_population.json").read_bytes()
        return Payload(SOURCE, "population", key, "POST", url, body, content, is_sample=True)
    try:
        response = requests.post(url, json=body, timeout=HTTP_TIMEOUT)
        response.raise_for_status()
    except requests.RequestException as exc:
        raise AsfetlError(
            f"SCB table {POPULATION_TABLE} could not be fetched from {settings.scb_base_url} "
            f"({describe_http_error(exc)}); check ASFETL_SCB_BASE_URL and the network, "
            "or run with --sample."
        ) from None
    return Payload(
        SOURCE, "population", key, "POST", url, body, response.content, False, datetime.now(UTC)
    )


def describe_http_error(exc: requests.RequestException) -> str:
    """A short reason: the HTTP status and the problem title SCB sends, or the network failure."""
    response = exc.response
    if response is not None:
        try:
            title = response.json().get("title", "")
        except ValueError:
            title = response.reason or ""
        return f"HTTP {response.status_code} {title}".strip()
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return type(exc).__name__


def parse_population(payload: Payload, first_year: int) -> pd.DataFrame:
    """One row per (region, year): codes, SCB's label, value and status symbol, as received."""
    document = payload.json()
    cells = parse_jsonstat2(document)
    table_id = document.get("extension", {}).get("px", {}).get("tableid", POPULATION_TABLE)
    frame = pd.DataFrame(
        {
            "table_id": table_id,
            "contents_code": cells["ContentsCode"],
            "region_code": cells["Region"],
            "region_label": cells["Region_label"],
            "tid": cells["Tid"],
            "year": pd.to_numeric(cells["Tid"], errors="coerce").astype("Int64"),
            "value": cells["value"],
            "status": cells["status"],
        }
    )
    # The live request asks from first_year; a shipped sample may hold more years than asked for.
    # Unparseable periods are kept so that validation reports them instead of dropping them.
    keep = frame["year"].isna() | (frame["year"] >= first_year)
    return frame[keep].reset_index(drop=True)
