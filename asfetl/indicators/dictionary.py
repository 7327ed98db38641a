"""The data dictionary (docs/data_dictionary.md), made from the warehouse catalogue's comments."""

import duckdb

from asfetl.warehouse import database


def render(con: duckdb.DuckDBPyConnection | None = None) -> str:
    """Markdown for every mart table and column, as the migrations describe them."""
    if con is None:
        con = duckdb.connect()
        database.migrate(con)
    lines = [
        "# Data dictionary: the mart tables",
        "",
        "Generated from the warehouse catalogue (`COMMENT ON` in `sql/ddl`) by "
        "`scripts/make_data_dictionary.py`; do not edit.",
    ]
    tables = con.execute(
        "select table_name, comment from duckdb_tables() where schema_name = 'mart' order by 1"
    ).fetchall()
    for table, comment in tables:
        lines += ["", f"## mart.{table}", "", comment or "", "", "| column | type | meaning |"]
        lines.append("|---|---|---|")
        for column, data_type, column_comment in con.execute(
            """select column_name, data_type, comment from duckdb_columns()
               where schema_name = 'mart' and table_name = ? order by column_index""",
            [table],
        ).fetchall():
            meaning = (column_comment or "").replace("|", "\\|")  # a pipe would end the cell
            lines.append(f"| `{column}` | {data_type} | {meaning} |")
    return "\n".join(lines) + "\n"
