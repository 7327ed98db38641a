"""DuckDB connections, ordered migrations from sql/ddl, and transactional loads."""

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from asfetl.errors import AsfetlError, NoWarehouseError
from asfetl.paths import sql_dir

if TYPE_CHECKING:  # only named in a signature: `asfetl run` refuses what it must without pandas
    import pandas as pd

# Extensions cannot be downloaded on these machines: fail at once instead of hanging on a fetch.
_CONFIG = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "true"}
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection (used on the build copy only, never on the published file)."""
    return duckdb.connect(str(path), config=_CONFIG)


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse, as analysts and dashboards open it."""
    if not path.is_file():
        raise NoWarehouseError(
            f"There is no warehouse at {path} yet; run `asfetl run --sample` (or `asfetl run`) first."
        )
    try:
        return duckdb.connect(str(path), read_only=True, config=_CONFIG)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise
        raise damaged(path) from None


def damaged(path: Path) -> AsfetlError:
    """The one sentence for a published warehouse DuckDB cannot open, and how to recover."""
    return AsfetlError(
        f"The published warehouse {path} is damaged and cannot be opened; move it aside "
        f"(mv {path} {path}.damaged), copy the report files under accepted/ back into the inbox "
        "and run `asfetl run` again: landing/ and accepted/ keep everything needed to rebuild it."
    )


def _migrations() -> list[tuple[int, str, str]]:
    """(version, file name, sql) for every file in sql/ddl, in version order."""
    found = []
    for path in sorted((sql_dir() / "ddl").glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise AsfetlError(f"Migration {path} is not named NNN_name.sql; rename it.")
        found.append((int(match.group(1)), path.name, path.read_text(encoding="utf-8")))
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise AsfetlError(f"Two migrations in {sql_dir() / 'ddl'} share a version number.")
    return found


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet applied, each in its own transaction; return their names."""
    con.execute("create schema if not exists ops")
    con.execute(
        """
        create table if not exists ops.schema_migrations (
            version integer primary key, name varchar not null, checksum varchar not null,
            applied_at timestamptz not null)
        """
    )
    applied = dict(con.execute("select version, checksum from ops.schema_migrations").fetchall())
    newly = []
    for version, name, sql in _migrations():
        checksum = hashlib.sha256(sql.encode()).hexdigest()
        if version in applied:
            if applied[version] != checksum:
                raise AsfetlError(
                    f"Migration {name} was changed after it was applied; add a new migration "
                    "instead of editing an applied one."
                )
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute(
                "insert into ops.schema_migrations values (?, ?, ?, ?)",
                [version, name, checksum, datetime.now(UTC)],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        newly.append(name)
    return newly


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: "pd.DataFrame",
    key: list[str],
    compare: tuple[str, ...] = ("value", "status"),
) -> int:
    """Upsert `frame` into `table` on its natural key in one transaction; return rows written.

    Rows with the same key are replaced, so loading the same data twice never duplicates, and
    an error leaves the table exactly as it was. Where a `compare` column changed, the earlier
    row is kept in raw.revisions: the publisher revised it.
    """
    con.execute("begin transaction")
    try:
        con.register("incoming", frame)
        keys = " and ".join(f"t.{k} = incoming.{k}" for k in key)
        if compare and set(compare) <= set(frame.columns):
            _record_revisions(con, table, key, compare, keys)
        con.execute(f"delete from {table} t where exists (select 1 from incoming where {keys})")
        con.execute(f"insert into {table} by name select * from incoming")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        con.unregister("incoming")
    return len(frame)


def _record_revisions(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: list[str],
    compare: tuple[str, ...],
    join: str,
) -> None:
    changed = " or ".join(f"t.{c} is distinct from incoming.{c}" for c in compare)
    natural_key = "json_object(" + ", ".join(f"'{k}', t.{k}" for k in key) + ")"
    con.execute(
        f"""
        insert into raw.revisions
        select '{table}', {natural_key}, t.value, t.status, t.payload_id, t.loaded_at,
               incoming.value, incoming.status, incoming.payload_id, ?
        from {table} t inner join incoming on {join}
        where {changed}
        """,
        [datetime.now(UTC)],
    )


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The macros of sql/macros (rules several models share) as temporary macros of `con`."""
    for path in sorted((sql_dir() / "macros").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
