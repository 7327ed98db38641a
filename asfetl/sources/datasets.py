"""The datasets a run pulls: how each is fetched, parsed, validated and where it lands in raw."""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from asfetl.payload import Payload
from asfetl.settings import Settings
from asfetl.sources import kolada, scb


@dataclass(frozen=True)
class Dataset:
    source: str
    name: str
    fetch: Callable[[Settings, bool], list[Payload]]
    parse: Callable[[Payload, Settings], pd.DataFrame]
    raw_table: str
    key: list[str]  # natural key of the raw table: a reload replaces rows with the same key

    @property
    def suite(self) -> str:
        """The GX suite in expectations/ that checks the parsed frame."""
        return f"{self.source}_{self.name}"


DATASETS = [
    Dataset(
        source=scb.SOURCE,
        name="population",
        fetch=scb.fetch_population,
        parse=lambda payload, settings: scb.parse_population(payload, settings.first_year),
        raw_table="raw.scb_population",
        key=["table_id", "contents_code", "region_code", "tid"],
    ),
    Dataset(
        source=kolada.SOURCE,
        name="kpi_values",
        fetch=kolada.fetch_kpi_values,
        parse=lambda payload, settings: kolada.parse_kpi_values(payload, settings.first_year),
        raw_table="raw.kolada_kpi_values",
        key=["kpi", "municipality_id", "period", "gender"],
    ),
]
