"""SCB table metadata (`GET /tables/{id}/metadata`): each population table's label, `updated`
and newest year, landed so that a run notices a table that changed or stopped."""

from typing import Any

from asfetl.errors import AsfetlError
from asfetl.payload import Payload
from asfetl.settings import Settings
from asfetl.sources.http import HttpClient, HttpError, RateLimiter
from asfetl.sources.scb.population import NAME, POPULATION_TABLES
from asfetl.sources.scb.pxweb import PxWebClient
from asfetl.sources.source import Definition, Expected

DATASET = "table_metadata"
OPEN_ENDED = 9999  # a table's last_year when the configuration expects every later year from it


def fetch_table_metadata(
    settings: Settings, sample: bool, client: PxWebClient | None = None
) -> list[Payload]:
    """Each population table's metadata, one payload per table (none with the sample data,
    which ships no metadata)."""
    if sample:
        return []
    client = client or PxWebClient(
        settings.scb_base_url, HttpClient.for_settings(settings, RateLimiter(10, 10))
    )
    payloads = []
    try:
        client.config()  # the limits apply from the first call on
        for table in POPULATION_TABLES:
            url = f"{client.base_url}/tables/{table.table_id}/metadata?lang=sv"
            # the answer the query plan already fetched in this run, if it did (pxweb.metadata)
            response = client.http.get_ok(
                url, what=f"SCB table {table.table_id} metadata", once_per_run=True
            )
            key = f"{NAME}/{DATASET}/{table.table_id}"
            payloads.append(Payload(NAME, DATASET, key, "GET", url, None, response.content))
    except HttpError as exc:
        raise AsfetlError(f"SCB table metadata could not be fetched: {exc}.") from None
    return payloads


def parse_table_metadata(payload: Payload) -> list[Definition]:
    """The table's label, when SCB last updated it and the newest year it holds."""
    document = payload.json()
    table_id = (
        document.get("extension", {}).get("px", {}).get("tableid")
        or payload.url.split("/tables/")[1].split("/")[0]
    )
    index = document.get("dimension", {}).get("Tid", {}).get("category", {}).get("index", {})
    years = [int(code) for code in index if str(code)[:4].isdigit() and len(str(code)) == 4]
    return [
        Definition(
            object_id=table_id,
            title=str(document.get("label") or ""),
            updated=document.get("updated"),
            latest_period=max(years, default=None),
        )
    ]


def expected_tables() -> list[Expected]:
    """The population tables; only the one configured without a last year expects newer years."""
    return [Expected(t.table_id, open_ended=t.last_year == OPEN_ENDED) for t in POPULATION_TABLES]


def newest_loaded(con: Any) -> dict[str, int]:
    rows = con.execute(
        "select table_id, max(year) from raw.scb_population group by table_id"
    ).fetchall()
    return {table: int(year) for table, year in rows if year is not None}
