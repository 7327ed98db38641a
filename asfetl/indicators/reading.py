"""Read-only queries on the published warehouse: indicator values, build info, the catalogue."""

from dataclasses import dataclass

import duckdb
import pandas as pd

from asfetl.warehouse.database import connect_read_only  # noqa: F401 (readers open with it)

INDICATOR_COLUMNS = [
    "indicator_id",
    "area_code",
    "area_name",
    "area_level",
    "year",
    "value",
    "status",
    "unit",
    "source",
    "updated_at",
    "suppression_reason",  # primary | few_enterprises | dominance | secondary; NULL unless suppressed
    "value_women",  # where the publisher splits the value by sex; NULL otherwise
    "value_men",
]


@dataclass(frozen=True)
class BuildInfo:
    run_id: str
    built_at: object
    data_mode: str  # live | sample | mixed
    region_code: str
    region_name: str

    @property
    def is_sample(self) -> bool:
        return self.data_mode != "live"


def build_info(con: duckdb.DuckDBPyConnection) -> BuildInfo | None:
    row = con.execute(
        "select run_id, built_at, data_mode, region_code, region_name from mart.build_info"
    ).fetchone()
    return BuildInfo(*row) if row else None


def indicator_values(
    con: duckdb.DuckDBPyConnection,
    area_code: str | None = None,
    indicator_id: str | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Rows of mart.indicator_values, filtered, ordered by indicator, area and year."""
    return con.execute(
        f"""
        select {value_columns(con, INDICATOR_COLUMNS)} from mart.indicator_values
        where ($area is null or area_code = $area)
          and ($indicator is null or indicator_id = $indicator)
          and ($year is null or year = $year)
        order by indicator_id, area_code, year
        """,
        {"area": area_code, "indicator": indicator_id, "year": year},
    ).df()


def value_columns(con: duckdb.DuckDBPyConnection, columns: list[str]) -> str:
    """The select list of these mart.indicator_values columns; one a warehouse published before
    its migration lacks (value_women and value_men before 026) reads as NULL, not an error."""
    present = {
        r[0]
        for r in con.execute(
            """select column_name from duckdb_columns()
               where schema_name = 'mart' and table_name = 'indicator_values'"""
        ).fetchall()
    }
    return ", ".join(c if c in present else f"null as {c}" for c in columns)


def disclosure_kinds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each indicator's disclosure kind (people | money | rate | none), from mart.indicators."""
    return dict(con.execute("select indicator_id, disclosure from mart.indicators").fetchall())


def indicator_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0] for r in con.execute("select indicator_id from mart.indicators order by 1").fetchall()
    ]
