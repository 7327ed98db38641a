"""SCB Statistikdatabasen (PxWebApi 2.0): this folder is all asfetl knows of SCB.

Its raw table is created by sql/ddl/004_raw_scb_population.sql (sex_code added to its key by
027_scb_population_by_sex.sql), renamed and cast by sql/staging/stg_scb__population.sql.
"""

from pathlib import Path

from asfetl.sources.scb.population import (
    DATASET,
    NAME,
    POPULATION_TABLES,
    fetch_population,
    parse_population,
)
from asfetl.sources.scb.table_metadata import DATASET as METADATA
from asfetl.sources.scb.table_metadata import (
    expected_tables,
    fetch_table_metadata,
    newest_loaded,
    parse_table_metadata,
)
from asfetl.sources.source import Contract, Dataset, Source

FOLDER = Path(__file__).parent

SOURCE = Source(
    name=NAME,
    cadence_days=7,  # weekly: the open-statistics schedule in prefect.yaml
    datasets=(
        Dataset(
            source=NAME,
            name=DATASET,
            fetch=fetch_population,
            parse=lambda payload, settings: parse_population(payload, settings.first_year),
            raw_table="raw.scb_population",
            key=("table_id", "contents_code", "region_code", "sex_code", "tid"),
            suite_file=FOLDER / f"{DATASET}.expectations.json",
        ),
    ),
    contract=Contract(
        dataset=METADATA,
        fetch=fetch_table_metadata,
        parse=parse_table_metadata,
        expected=expected_tables,
        newest_loaded=newest_loaded,
        noun="table",
        publisher="SCB",
    ),
)

__all__ = [
    "POPULATION_TABLES",
    "SOURCE",
    "fetch_population",
    "parse_population",
]
