"""Export the published mart tables as Parquet and CSV files, swapped in whole after each run."""

import csv
import glob
import math
import os
import re
import secrets
import shutil
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from asfetl.errors import NoWarehouseError
from asfetl.indicators.export_readme import readme as _readme
from asfetl.indicators.export_rows import (
    CSV_TIME_FORMAT,
    DECIMALS_COLUMN,
    LOCAL_ZONE,
    export_query,
)

# These schemas hold unsuppressed or confidential rows: refused even if a caller asks for them.
NEVER_EXPORTED = frozenset({"restricted", "raw", "staging", "intermediate", "ops"})
# OWASP CSV injection: a spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# (file suffix, field separator, decimal mark): plain RFC 4180 CSV, and one for Swedish Excel.
CSV_FORMATS = ((".csv", ",", "."), (".sv.csv", ";", ","))
# RFC 4180 line ending; Excel, R, pandas and Python's csv module all read it.
LINE_END = "\r\n"
BATCH_ROWS = 10_000  # rows held in memory at a time, so a large table does not need to fit
# Table names become file names: anything else could escape the folder or clash on Windows.
SAFE_NAME = re.compile(r"[A-Za-z0-9_]+")
CONNECT_CONFIG = {"autoinstall_known_extensions": "false"}
# Written into the folder after the exports (asfetl.dashboard); carried over to each new set so
# that refreshing the exports never leaves readers without it.
DASHBOARD_FILE = "dashboard.html"


def write_exports(
    warehouse: Path, exports_dir: Path, *, schemas: tuple[str, ...] = ("mart",)
) -> list[Path]:
    """Write every base table of `schemas` to `exports_dir` and return the files written.

    Per table: `<table>.parquet`; `<table>.csv` (UTF-8 with BOM, ',' between fields, '.' decimals,
    CRLF, fields quoted only when needed, '"' doubled); `<table>.sv.csv` (the same with ';' and
    decimal comma, for Swedish Excel). Plus README.txt naming the run and saying what each status
    means. Rows are ordered by indicator, area and year (`export_rows`); an indicator's values
    are rounded to the catalogue's `decimals` (a count written as a whole number). In the CSVs
    NULL, NaN and infinity are empty cells, other floats use the shortest digits that read back
    exactly and never an exponent, timestamps are Swedish local time `YYYY-MM-DD HH:MM:SS`
    (Parquet keeps them with their time zone), and text cells starting with = + - @ tab or CR get
    a leading apostrophe. The set is built in a sibling temporary folder and renamed into place, so
    a reader never sees a half-written set (for an instant between the two renames the folder is
    absent). On any failure the old set is left untouched and the temporary folder removed.
    """
    forbidden = sorted({schema.lower() for schema in schemas} & NEVER_EXPORTED)
    if forbidden:
        raise ValueError(f"Schemas {forbidden} hold unpublishable rows and are never exported.")
    if not warehouse.is_file():
        raise NoWarehouseError(f"There is no warehouse at {warehouse}; run `asfetl run` first.")
    exports_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(exports_dir)
    tmp = _new_sibling(exports_dir, "tmp")
    tmp.mkdir()  # not mkdtemp: its 0700 would lock dashboard readers out once swapped in
    try:
        names = _write_all(warehouse, tmp, schemas)
        _fsync(tmp, names)
        if (exports_dir / DASHBOARD_FILE).is_file():
            shutil.copy2(exports_dir / DASHBOARD_FILE, tmp / DASHBOARD_FILE)
        _swap_in(tmp, exports_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [exports_dir / name for name in names]


def _write_all(warehouse: Path, folder: Path, schemas: tuple[str, ...]) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True, config=CONNECT_CONFIG) as con:
        # Timestamps in the files must not depend on the time zone of the machine that ran.
        con.execute("set TimeZone = 'UTC'")
        tables = _tables(con, schemas)
        names: list[str] = []
        for schema, table in tables:
            _write_parquet(con, schema, table, folder / f"{table}.parquet")
            _write_csv(con, schema, table, folder)
            names += [f"{table}.parquet"] + [f"{table}{suffix}" for suffix, _, _ in CSV_FORMATS]
        readme = _readme(_build_info(con), [table for _, table in tables])
    (folder / "README.txt").write_text(readme, encoding="utf-8")
    return [*names, "README.txt"]


def _tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    """The base tables (not views) of the schemas, read from the catalogue so new ones are included."""
    rows = con.execute(
        """
        select table_schema, table_name from information_schema.tables
        where table_catalog = current_database() and table_type = 'BASE TABLE'
          and list_contains($schemas, lower(table_schema))
        order by table_schema, table_name
        """,
        {"schemas": [schema.lower() for schema in schemas]},
    ).fetchall()
    seen: set[str] = set()
    for schema, table in rows:
        # Checked again on what the catalogue returned, in case of a differently spelled schema.
        if schema.lower() in NEVER_EXPORTED:
            raise ValueError(f"Schema {schema} is never exported.")
        if not SAFE_NAME.fullmatch(table):
            raise ValueError(f"Table {schema}.{table} has a name that is unsafe as a file name.")
        if table.lower() in seen:  # Windows and macOS file names ignore case
            raise ValueError(f"Two exported tables would both be written as {table}.*.")
        seen.add(table.lower())
    return rows


def _build_info(con: duckdb.DuckDBPyConnection) -> tuple[Any, Any, Any] | None:
    exists = con.execute(
        """
        select count(*) from information_schema.tables where table_catalog = current_database()
          and table_schema = 'mart' and table_name = 'build_info'
        """
    ).fetchone()[0]
    if not exists:
        return None
    return con.execute(
        f"select run_id, strftime(timezone('{LOCAL_ZONE}', built_at), '{CSV_TIME_FORMAT}'), "
        "data_mode from mart.build_info order by built_at desc limit 1"
    ).fetchone()


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _write_parquet(con: duckdb.DuckDBPyConnection, schema: str, table: str, path: Path) -> None:
    # COPY takes no bound parameter for the target, so the path goes in as an escaped literal.
    target = "'" + str(path).replace("'", "''") + "'"
    query = export_query(con, schema, table, csv=False)
    con.execute(f"copy ({query.sql}) to {target} (format parquet)")


def _write_csv(con: duckdb.DuckDBPyConnection, schema: str, table: str, folder: Path) -> None:
    """Both CSV files of one table, in one pass over its rows."""
    query = export_query(con, schema, table, csv=True)
    result = con.execute(query.sql)
    header, width = query.header, len(query.header)
    files = [
        (folder / f"{table}{suffix}").open("w", encoding="utf-8-sig", newline="")
        for suffix, _, _ in CSV_FORMATS
    ]
    try:
        writers = [
            (csv.writer(handle, delimiter=delimiter, lineterminator=LINE_END), mark)
            for handle, (_, delimiter, mark) in zip(files, CSV_FORMATS, strict=True)
        ]
        for writer, mark in writers:
            writer.writerow([_cell(name, mark) for name in header])
        while rows := result.fetchmany(BATCH_ROWS):
            for writer, mark in writers:
                writer.writerows(
                    [
                        _cell(value, mark, _decimals(query.decimals.get(i), row, width))
                        for i, value in enumerate(row[:width])
                    ]
                    for row in rows
                )
    finally:
        for handle in files:
            handle.close()


def _decimals(stated: int | str | None, row: tuple, width: int) -> int | None:
    """A column's stated decimals: fixed, or the row's indicator's (the query's last column)."""
    if stated == DECIMALS_COLUMN:
        return row[width] if len(row) > width else None
    return stated  # type: ignore[return-value]


def _cell(value: Any, decimal_mark: str, decimals: int | None = None) -> str:
    """One CSV cell: numbers as numbers in the file's decimal mark (a count as a whole number, a
    value with stated decimals with exactly those), text defused against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""  # a spreadsheet has no NaN or infinity; the Parquet file keeps them
        if decimals is not None:
            text = format(value, f".{decimals}f")
            text = text.lstrip("-") if float(text) == 0 else text  # never "-0,0"
            return text.replace(".", decimal_mark)
        # repr gives the shortest digits that read back as the same double; Decimal drops the
        # exponent ("1e-07"), which Swedish Excel would not read as a number.
        return format(Decimal(repr(value)), "f").replace(".", decimal_mark)
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", decimal_mark) if value.is_finite() else ""
    if isinstance(value, datetime | date | time):
        text = value.isoformat()
    elif isinstance(value, bytes):
        text = value.hex()
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _remove_leftovers(exports_dir: Path) -> None:
    """The half-written or swapped-out sets a run killed while exporting left beside the folder.
    Exports are written by publishing, which holds the writer lock: no other writer is at work."""
    for kind in ("tmp", "old"):
        for stale in exports_dir.parent.glob(f"{glob.escape(exports_dir.name)}.{kind}-*"):
            shutil.rmtree(stale, ignore_errors=True)


def _new_sibling(exports_dir: Path, kind: str) -> Path:
    """An unused name beside exports_dir: 64 random bits make a clash no practical risk."""
    return exports_dir.with_name(f"{exports_dir.name}.{kind}-{secrets.token_hex(8)}")


def _fsync(folder: Path, names: list[str]) -> None:
    # On disk before the swap: a crash just after the rename must not leave empty files in place.
    for path in [*(folder / name for name in names), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _swap_in(tmp: Path, exports_dir: Path) -> None:
    """Rename the old set away and the new one in; the old one comes back if the second rename fails."""
    old = None
    if exports_dir.exists() or exports_dir.is_symlink():
        old = _new_sibling(exports_dir, "old")
        exports_dir.rename(old)
    try:
        tmp.rename(exports_dir)
    except BaseException:
        if old is not None:
            old.rename(exports_dir)
        raise
    if old is not None:
        # The new set is in place: a leftover old folder is untidy, not a failed export.
        shutil.rmtree(old, ignore_errors=True)
