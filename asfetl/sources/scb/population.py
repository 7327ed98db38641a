"""SCB population 31 December by region, sex and year, over two tables: fetched and parsed.

Population up to 2024 is in TAB638; from reference year 2025 SCB publishes it in TAB5557 under
the Cell Key Method, with other content and total codes. Each is asked, in one call, for men (Kon
1) and women (Kon 2) and the total of both where the table has a code for it (TAB5557's TotSa);
TAB638 has none, and its total is men plus women (intermediate.int_indicator_values__population).
Every other variable is asked for its total by code (under CKM parts do not add up to the
published total, so a CKM total is never summed from parts).
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from asfetl import geography, paths
from asfetl.errors import AsfetlError
from asfetl.payload import Payload
from asfetl.settings import Settings
from asfetl.sources.http import HttpClient, HttpError, RateLimiter
from asfetl.sources.sample import require_sample_region
from asfetl.sources.scb.jsonstat import parse_jsonstat2
from asfetl.sources.scb.pxweb import PxWebClient, build_query

if TYPE_CHECKING:  # pandas loads when a payload is parsed, not when settings list the sources
    import pandas as pd

NAME = "scb"
DATASET = "population"


@dataclass(frozen=True)
class PopulationTable:
    table_id: str
    contents_code: str  # folkmängd in this table
    totals: dict[str, str] = field(hash=False)  # variable → its total code, requested explicitly
    # Kon codes asked for, in the table's order: men (1), women (2) and the total of both where
    # the table has a code for it; TAB638 has none (Kon eliminated is the sum of 1 and 2).
    sexes: tuple[str, ...] = ("1", "2")
    first_year: int = 1968
    last_year: int = 9999


POPULATION_TABLES = (
    PopulationTable("TAB638", "BE0101N1", {"Alder": "tot"}, last_year=2024),
    PopulationTable(
        "TAB5557",
        "000007ME",
        {"Alder": "TotSA", "Civilstand": "SC"},
        sexes=("1", "2", "TotSa"),
        first_year=2025,
    ),
)
POPULATION_CONTENTS = tuple(t.contents_code for t in POPULATION_TABLES)


def fetch_population(
    settings: Settings, sample: bool, client: PxWebClient | None = None
) -> list[Payload]:
    """Population payloads for every area of the region, and Sweden beside a county, by sex, for
    every year from first_year: one data call per table unless the cell limit forces more."""
    if sample:
        return _sample_population(settings)
    client = client or PxWebClient(
        settings.scb_base_url, HttpClient.for_settings(settings, RateLimiter(10, 10))
    )
    try:
        return _fetch_population(settings, client)
    except HttpError as exc:
        raise AsfetlError(
            f"SCB population could not be fetched from {settings.scb_base_url}: {exc}; check "
            "ASFETL_SCB_BASE_URL and the network, or run with --sample."
        ) from None


def _fetch_population(settings: Settings, client: PxWebClient) -> list[Payload]:
    # the region's areas and Sweden (00) as its benchmark: one more value in the same query;
    # the sexes too: more cells (×2 or ×3), never more calls below SCB's cell limit
    areas = [a.code for a in geography.statistics_areas(settings.region)]
    payloads = []
    for table in POPULATION_TABLES:
        meta = client.metadata(table.table_id)
        time_variable = meta.variable("Tid")
        years = [
            code
            for code in (time_variable.values if time_variable else ())
            if code.isdigit()
            and max(settings.first_year, table.first_year) <= int(code) <= table.last_year
        ]
        if not years:
            continue  # nothing this table holds is wanted (e.g. first_year after its last year)
        query = build_query(
            meta,
            {
                "Region": areas,
                "Kon": list(table.sexes),
                "ContentsCode": [table.contents_code],
                "Tid": years,
            },
            table.totals,
        )
        for response in client.fetch(query):
            payloads.append(
                Payload(
                    NAME,
                    DATASET,
                    f"{NAME}/{table.table_id}/{settings.region}/{response.query.key()}",
                    response.method,
                    response.url,
                    response.body,
                    response.content,
                )
            )
    return payloads


def _sample_population(settings: Settings) -> list[Payload]:
    require_sample_region(settings.region)
    payloads = []
    for table in POPULATION_TABLES:
        path = paths.sample_data_dir() / NAME / f"{table.table_id}_{DATASET}.json"
        url = (
            f"{settings.scb_base_url}/tables/{table.table_id}/data?lang=sv&outputFormat=json-stat2"
        )
        key = f"{NAME}/{table.table_id}/{settings.region}/sample"
        payloads.append(
            Payload(NAME, DATASET, key, "GET", url, None, path.read_bytes(), is_sample=True)
        )
    return payloads


def parse_population(payload: Payload, first_year: int) -> "pd.DataFrame":
    """One row per (table, region, sex, year): codes, SCB's label, value and status symbol, as
    received. sex_code is SCB's Kon code ('1' men, '2' women, 'TotSa' both), '' when the payload
    has no Kon (eliminated: the total)."""
    import pandas as pd

    document = payload.json()
    cells = parse_jsonstat2(document)
    # a payload without Kon (asked with Kon eliminated, as before issue 26) holds totals
    sex = cells["Kon"] if "Kon" in cells.columns else pd.Series("", cells.index, dtype="string")
    table_id = document.get("extension", {}).get("px", {}).get("tableid", "")
    frame = pd.DataFrame(
        {
            "table_id": table_id,
            "contents_code": cells["ContentsCode"],
            "region_code": cells["Region"],
            "region_label": cells["Region_label"],
            "sex_code": sex,
            "tid": cells["Tid"],
            "year": pd.to_numeric(cells["Tid"], errors="coerce").astype("Int64"),
            "value": cells["value"],
            "status": cells["status"],
        }
    )
    # A shipped sample may hold more years than asked for. Unparseable periods are kept so that
    # validation reports them instead of dropping them.
    keep = frame["year"].isna() | (frame["year"] >= first_year)
    return frame[keep].reset_index(drop=True)
