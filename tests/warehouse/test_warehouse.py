"""Migrations and transactional upserts, on a new warehouse file (tests/conftest.py's blank_con)."""

import duckdb
import pandas as pd
import pytest

from asfetl.warehouse import database


def test_migrations_create_the_four_schemas_and_record_versions(blank_con):
    applied = database.migrate(blank_con)
    assert applied[0] == "001_schemas.sql" and len(applied) >= 5
    schemas = {
        r[0]
        for r in blank_con.execute("select schema_name from information_schema.schemata").fetchall()
    }
    assert {"raw", "staging", "mart", "ops"} <= schemas
    versions = [
        r[0]
        for r in blank_con.execute(
            "select version from ops.schema_migrations order by 1"
        ).fetchall()
    ]
    assert versions == list(range(1, len(applied) + 1))


def test_rerunning_migrations_is_a_no_op(blank_con):
    database.migrate(blank_con)
    before = blank_con.execute("select * from ops.schema_migrations order by 1").fetchall()
    assert database.migrate(blank_con) == []
    assert blank_con.execute("select * from ops.schema_migrations order by 1").fetchall() == before


def test_runs_table_has_the_columns_operators_need(blank_con):
    database.migrate(blank_con)
    columns = {r[0] for r in blank_con.execute("describe ops.runs").fetchall()}
    assert {
        "run_id",
        "started_at",
        "finished_at",
        "status",
        "mode",
        "step_counts",
        "error_message",
    } <= columns


def test_an_edited_applied_migration_is_refused(blank_con, monkeypatch):
    database.migrate(blank_con)
    original = database._migrations()
    edited = [(v, n, sql + "\n-- edited") if v == 1 else (v, n, sql) for v, n, sql in original]
    monkeypatch.setattr(database, "_migrations", lambda: edited)
    with pytest.raises(Exception, match="001_schemas.sql was changed after it was applied"):
        database.migrate(blank_con)


def test_replace_rows_is_idempotent_and_atomic(blank_con):
    blank_con.execute("create table t (k integer primary key, v varchar not null)")
    frame = pd.DataFrame({"k": [1, 2], "v": ["a", "b"]})
    assert database.replace_rows(blank_con, "t", frame, ["k"]) == 2
    database.replace_rows(blank_con, "t", pd.DataFrame({"k": [2, 3], "v": ["B", "c"]}), ["k"])
    assert blank_con.execute("select * from t order by k").fetchall() == [
        (1, "a"),
        (2, "B"),
        (3, "c"),
    ]
    broken = pd.DataFrame({"k": [1, 4], "v": ["changed", None]})  # violates NOT NULL
    with pytest.raises(duckdb.ConstraintException):
        database.replace_rows(blank_con, "t", broken, ["k"])
    assert blank_con.execute("select * from t order by k").fetchall() == [
        (1, "a"),
        (2, "B"),
        (3, "c"),
    ]
