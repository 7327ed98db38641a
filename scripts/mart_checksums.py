"""Checksums of every mart table, without what differs between two runs of the same data.

Used to show that a refactoring leaves the published tables unchanged: build the sample
warehouse before and after, run this on both, compare. Timestamps (when a row was loaded or
received) and run ids (in build_info and inside payload ids) differ from run to run and are
masked; everything else — every value, status, name, unit, source and lineage row — counts.

    python scripts/mart_checksums.py warehouse/sample.duckdb
    python scripts/mart_checksums.py --without mart.indicators.disclosure warehouse/sample.duckdb

--without TABLE.COLUMN (repeatable) leaves a column out of its table's checksum, header included,
to show that a change which adds a column leaves the rest of the table as it was.
"""

import argparse
import hashlib
import re

import duckdb

RUN_ID = re.compile(r"\d{8}T\d{6}Z?-[0-9a-f]+|run-[0-9a-f-]+")


def table_checksums(path: str, without: frozenset[str] = frozenset()) -> dict[str, tuple[int, str]]:
    con = duckdb.connect(path, read_only=True)
    try:
        run_ids = [r[0] for r in con.execute("select run_id from ops.runs").fetchall()]
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'mart' "
            "order by table_name"
        ).fetchall()
        sums = {}
        for (table,) in tables:
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'mart' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            columns = [(n, k) for n, k in columns if f"mart.{table}.{n}" not in without]
            masked = [
                f"'<time>' as {name}"
                if "TIMESTAMP" in kind or name == "run_id"
                else f"cast({name} as varchar) as {name}"
                for name, kind in columns
            ]
            rows = con.execute(f"select {', '.join(masked)} from mart.{table}").fetchall()
            lines = []
            for row in rows:
                text = "\x1f".join("\\N" if v is None else v for v in row)
                for run_id in run_ids:
                    text = text.replace(run_id, "<run>")
                lines.append(text)
            header = "\x1f".join(f"{n}:{k}" for n, k in columns)
            digest = hashlib.sha256("\n".join([header, *sorted(lines)]).encode()).hexdigest()
            sums[f"mart.{table}"] = (len(rows), digest)
        return sums
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", help="the DuckDB file")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="mart.TABLE.COLUMN",
        help="leave this column out of its table's checksum (repeatable)",
    )
    args = parser.parse_args(argv)
    for table, (rows, digest) in table_checksums(args.warehouse, frozenset(args.without)).items():
        print(f"{table:28} {rows:6} rows  sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
