"""Kolada v3 (RKA): municipal and regional KPIs; this folder is all asfetl knows of Kolada.

Its raw table is created by sql/ddl/006_raw_kolada_and_revisions.sql, renamed and cast by
sql/staging/stg_kolada__kpi_values.sql; kolada_kpis.csv lists the KPIs and the indicators they
feed, read here to ask for them and by the SQL as the seed staging.seed_kolada_kpis.
"""

from pathlib import Path

from asfetl.sources.kolada.kpi_metadata import DATASET as METADATA
from asfetl.sources.kolada.kpi_metadata import (
    ended_year,
    expected_kpis,
    fetch_kpi_metadata,
    newest_loaded,
    parse_kpi_metadata,
)
from asfetl.sources.kolada.kpi_values import (
    DATASET,
    KPIS_FILE,
    NAME,
    area_code_of,
    data_urls,
    fetch_kpi_values,
    kolada_id,
    kpi_indicators,
    parse_kpi_values,
    with_check_columns,
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
            fetch=fetch_kpi_values,
            parse=lambda payload, settings: parse_kpi_values(payload, settings.first_year),
            raw_table="raw.kolada_kpi_values",
            key=("kpi", "municipality_id", "period", "gender"),
            suite_file=FOLDER / f"{DATASET}.expectations.json",
            suite_parameters=lambda: {"kpi_ids": sorted(kpi_indicators())},
            checked_frame=with_check_columns,
        ),
    ),
    seeds=(KPIS_FILE,),
    contract=Contract(
        dataset=METADATA,
        fetch=fetch_kpi_metadata,
        parse=parse_kpi_metadata,
        expected=expected_kpis,
        newest_loaded=newest_loaded,
        noun="KPI",
        publisher="Kolada",
        ended_year=ended_year,
    ),
)

__all__ = [
    "SOURCE",
    "area_code_of",
    "data_urls",
    "fetch_kpi_values",
    "kolada_id",
    "kpi_indicators",
    "parse_kpi_values",
]
