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


def test_migration_027_keys_scb_population_by_sex_and_keeps_every_row(blank_con, monkeypatch):
    """A warehouse of migration 026 with population totals: 027 gives each row the Kon its query
    got (TAB638 asked with Kon left out: ''; TAB5557 asked for TotSa) and keys the table by
    sex, in one transaction; men and women then load beside the old total, and a second
    migrate changes nothing."""
    every = database._migrations()
    monkeypatch.setattr(database, "_migrations", lambda: [m for m in every if m[0] <= 26])
    database.migrate(blank_con)
    old = "insert into raw.scb_population values (?, ?, '18', 'Örebro län', ?, ?, ?, '', 'p', false, now())"
    blank_con.execute(old, ["TAB638", "BE0101N1", "2024", 2024, 308375.0])
    blank_con.execute(old, ["TAB5557", "000007ME", "2025", 2025, 308990.0])
    monkeypatch.setattr(database, "_migrations", lambda: every)
    assert "027_scb_population_by_sex.sql" in database.migrate(blank_con)
    rows = blank_con.execute(
        "select table_id, sex_code, tid, value from raw.scb_population order by tid"
    ).fetchall()
    assert rows == [("TAB638", "", "2024", 308375.0), ("TAB5557", "TotSa", "2025", 308990.0)]
    key = blank_con.execute(
        """select constraint_column_names from duckdb_constraints()
           where table_name = 'scb_population' and constraint_type = 'PRIMARY KEY'"""
    ).fetchone()[0]
    assert key == ["table_id", "contents_code", "region_code", "sex_code", "tid"]
    frame = pd.DataFrame(
        {"table_id": "TAB638", "contents_code": "BE0101N1", "region_code": "18",
         "region_label": "Örebro län", "sex_code": ["1", "2"], "tid": "2024", "year": 2024,
         "value": [153762.0, 154613.0], "status": "", "payload_id": "q", "is_sample": False,
         "loaded_at": pd.Timestamp("2026-12-07", tz="UTC")}
    )  # fmt: skip
    key_columns = ["table_id", "contents_code", "region_code", "sex_code", "tid"]
    database.replace_rows(blank_con, "raw.scb_population", frame, key_columns)
    assert blank_con.execute("select count(*) from raw.scb_population").fetchone() == (4,)
    assert database.migrate(blank_con) == []
