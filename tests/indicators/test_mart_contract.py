"""The mart tables keep the contract in the repository's DESIGN.md; every table and column is described."""

import duckdb
import pytest

from asfetl.indicators import dictionary
from asfetl.paths import PACKAGE_DIR
from asfetl.warehouse import database


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    database.migrate(connection)
    yield connection
    connection.close()


def columns(con, table):
    return con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where schema_name = 'mart' and table_name = ? order by column_index",
        [table],
    ).fetchall()


def test_indicator_values_matches_the_contract(con):
    assert columns(con, "indicator_values") == [
        ("indicator_id", "VARCHAR"), ("area_code", "VARCHAR"), ("area_name", "VARCHAR"),
        ("area_level", "VARCHAR"), ("year", "INTEGER"), ("value", "DOUBLE"),
        ("status", "VARCHAR"), ("unit", "VARCHAR"), ("source", "VARCHAR"),
        ("updated_at", "TIMESTAMP WITH TIME ZONE"),
        ("suppression_reason", "VARCHAR"),  # issue 23: why a value is hidden
        ("value_women", "DOUBLE"), ("value_men", "DOUBLE"),  # issue 26: the sex split
    ]  # fmt: skip


def test_indicators_matches_the_contract(con):
    assert [c for c, _ in columns(con, "indicators")] == [
        "indicator_id", "name_sv", "name_en", "description_sv", "description_en", "unit",
        "source", "plan_goal", "higher_is_better", "disclosure",
        "decimals",  # issue 23: what the exports round to
    ]  # fmt: skip


def test_every_mart_table_and_column_is_described(con):
    undescribed = con.execute(
        """
        select table_name from duckdb_tables()
        where schema_name = 'mart' and coalesce(comment, '') = ''
        union all
        select table_name || '.' || column_name from duckdb_columns()
        where schema_name = 'mart' and coalesce(comment, '') = ''
        """
    ).fetchall()
    assert undescribed == []


def test_committed_data_dictionary_is_current(con):
    committed = (PACKAGE_DIR.parent / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == dictionary.render(con), "run scripts/make_data_dictionary.py"
