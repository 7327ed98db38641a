"""The rows an export writes: ordered by indicator, area and year; indicator values rounded to the
catalogue's decimals; in the CSVs, timestamps in Swedish local time as Excel reads a date-time."""

from dataclasses import dataclass, field

import duckdb

LOCAL_ZONE = "Europe/Stockholm"
CSV_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # Excel (Swedish or English) reads it as a date-time
ORDER = ("indicator_id", "area_code", "year")  # then every other column, so the order is total
# Columns holding a value in its indicator's unit: rounded to the indicator's `decimals`.
VALUE_COLUMNS = (
    "value",
    "value_women",  # women's and men's values beside the total (mart.indicator_values)
    "value_men",
    "baseline_value",
    "target_value",
    "latest_value",
)
PERCENT_DECIMALS = 1  # a `*_pct` column (e.g. progress towards a target)
DECIMALS_COLUMN = "__decimals"  # the CSV query's last column: the row's decimals, not written
# Parquet only: the value as a BIGINT where the indicator's decimals is 0 (counts, kronor), NULL
# otherwise, since `value` holds every indicator in one DOUBLE column.
INTEGER_COLUMN = "value_integer"


@dataclass(frozen=True)
class ExportQuery:
    sql: str
    header: list[str]
    # column position -> decimals, or DECIMALS_COLUMN where each row's indicator says
    decimals: dict[int, int | str] = field(default_factory=dict)


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        """select column_name, data_type from duckdb_columns()
           where database_name = current_database() and schema_name = ? and table_name = ?
           order by column_index""",
        [schema, table],
    ).fetchall()


def _has_catalogue_decimals(con: duckdb.DuckDBPyConnection) -> bool:
    return any(name == "decimals" for name, _ in _columns(con, "mart", "indicators"))


def export_query(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, *, csv: bool
) -> ExportQuery:
    """The SELECT that writes `schema.table`: Parquet keeps every type (numbers rounded as the
    catalogue states, timestamps with time zone); the CSVs' timestamps are local text."""
    columns = _columns(con, schema, table)
    names = [name for name, _ in columns]
    by_catalogue = (
        "indicator_id" in names and table != "indicators" and (_has_catalogue_decimals(con))
    )
    selected, decimals, header = [], {}, names
    for position, (name, data_type) in enumerate(columns):
        column = f"t.{_quoted(name)}"
        if data_type in ("DOUBLE", "FLOAT") and by_catalogue and name in VALUE_COLUMNS:
            column = f"coalesce(round({column}, c.decimals), {column})"  # none stated: as is
            decimals[position] = DECIMALS_COLUMN
        elif data_type in ("DOUBLE", "FLOAT") and name.endswith("_pct"):
            column = f"round({column}, {PERCENT_DECIMALS})"
            decimals[position] = PERCENT_DECIMALS
        elif csv and data_type == "TIMESTAMP WITH TIME ZONE":
            column = f"strftime(timezone('{LOCAL_ZONE}', {column}), '{CSV_TIME_FORMAT}')"
        elif csv and data_type.startswith("TIMESTAMP"):
            column = f"strftime({column}, '{CSV_TIME_FORMAT}')"
        selected.append(f"{column} as {_quoted(name)}")
    join = ""
    if by_catalogue:
        join = "left join mart.indicators c on c.indicator_id = t.indicator_id"
        if csv:
            selected.append(f"c.decimals as {DECIMALS_COLUMN}")
        elif "value" in names:  # one Parquet column has one type: whole numbers get their own
            selected.append(
                f"case when c.decimals = 0 then cast(round(t.value) as bigint) end "
                f"as {INTEGER_COLUMN}"
            )
            header = [*names, INTEGER_COLUMN]
    first = [name for name in ORDER if name in names]
    order = [f"t.{_quoted(n)}" for n in first + [n for n in names if n not in first]]
    sql = (
        f"select {', '.join(selected)} from {_quoted(schema)}.{_quoted(table)} t {join} "
        f"order by {', '.join(order) or '1'}"
    )
    return ExportQuery(sql, header, decimals)
