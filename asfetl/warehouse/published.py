"""What the published file holds: the mart schema and the run records its readers need, no more.

Written from a finished build (the working file) into a new file: the marts whole, and an
allow-list of ops tables, each by its own query, so that nothing from which a single
enterprise's figures or a suppressed cell can be read (raw, staging, intermediate, restricted,
report values in findings) ever reaches the file analysts, dashboards and `asfetl status` open.
"""

from pathlib import Path

import duckdb


PUBLISHED_SCHEMAS = ("mart", "ops")
# ops table -> the query on the working file that fills it in the published file. The value a
# submitter typed is kept in the working file and the feedback report only: a finding on a
# report row names its file, row, column and rule, never the figure.
OPS_TABLES = {
    "runs": "select * from ops.runs",
    # A finding keeps its value only on an open-statistics dataset (one whose payloads are in
    # raw.payloads: published figures); on anything else — a submitted report — it is NULL.
    "validation_findings": """
        select * replace (
            case when dataset in (select distinct source || '_' || dataset from raw.payloads)
                 then value end as value)
        from ops.validation_findings""",
    "report_files": "select * from ops.report_files",
    "payloads": "select * from ops.payloads",  # a view on raw.payloads without URLs or paths
    "source_definitions": "select * from ops.source_definitions",
    "definition_changes": "select * from ops.definition_changes",
    "source_findings": "select * from ops.source_findings",
}
# ops tables only the pipeline needs; any other ops table fails the publish until it is listed
# in one of the two (tests/warehouse/test_published_file.py).
PRIVATE_OPS = frozenset({"schema_migrations", "transform_state"})
_ALIAS = "published_copy"


def is_single_file_layout(path: Path) -> bool:
    """Whether `path` is a warehouse of the earlier layout (every schema in the one file)."""
    with duckdb.connect(str(path), read_only=True) as con:
        (raw,) = con.execute(
            "select count(*) from information_schema.schemata where schema_name = 'raw'"
        ).fetchone()
    return raw > 0


def write(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Write the published copy of the database `con` is open on into the new file `target`."""
    unknown = sorted(_ops_tables(con) - set(OPS_TABLES) - PRIVATE_OPS)
    if unknown:
        raise RuntimeError(f"ops tables {unknown} are neither published nor private; list them")
    quoted = str(target).replace("'", "''")
    con.execute(f"attach '{quoted}' as {_ALIAS}")
    try:
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema {_ALIAS}.{schema}")
        queries = {("mart", t): f"select * from mart.{t}" for t in _tables(con, "mart")}
        queries |= {("ops", t): sql for t, sql in OPS_TABLES.items()}
        for (schema, table), sql in queries.items():
            con.execute(f"create table {_ALIAS}.{schema}.{table} as {sql}")
            _copy_comments(con, schema, table)
        con.execute(f"checkpoint {_ALIAS}")
    finally:
        con.execute(f"detach {_ALIAS}")


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = con.execute(
        """select table_name from duckdb_tables()
           where database_name = current_database() and schema_name = ? order by 1""",
        [schema],
    ).fetchall()
    return [r[0] for r in rows]


def _ops_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return set(_tables(con, "ops"))


def _copy_comments(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    """The table's and its columns' COMMENTs (what the data dictionary shows) in the copy."""
    found = con.execute(
        """select comment from duckdb_tables() where database_name = current_database()
           and schema_name = ? and table_name = ? and comment is not null""",
        [schema, table],
    ).fetchall()
    for (comment,) in found:
        con.execute(f"comment on table {_ALIAS}.{schema}.{table} is {_literal(comment)}")
    columns = con.execute(
        """select column_name, comment from duckdb_columns() where database_name = current_database()
           and schema_name = ? and table_name = ? and comment is not null""",
        [schema, table],
    ).fetchall()
    for column, comment in columns:
        con.execute(
            f'comment on column {_ALIAS}.{schema}.{table}."{column}" is {_literal(comment)}'
        )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
