"""Exports: every mart table in three formats, nothing else, safe for spreadsheets, swapped atomically."""

import csv
from pathlib import Path

import duckdb
import pytest

from asfetl.indicators import exports
from asfetl.indicators.exports import write_exports

BOM = b"\xef\xbb\xbf"
NASTY_NAME = 'Kumla, "centrum"; rad\ntvå'
SECRETS = ("TOPSECRET-4711", "RAWSECRET-0815")
HEADER = ["indicator_id", "area_code", "area_name", "year", "value", "status"]
# The expected .csv cells of mart.indicator_values, ordered by indicator, area and year.
EXPECTED_ROWS = [
    ["'-cmd", "1882", "'@SUM(A1)", "2024", "0.0000001", "ok"],
    ["chg", "1881", '\'=HYPERLINK("http://x")', "2023", "-3.0", "'+1"],
    ["pop", "18", "Örebro län", "2023", "12.5", "ok"],
    ["pop", "1880", "Örebro", "2023", "", "suppressed"],
    ["pop", "1883", NASTY_NAME, "2024", "-5.0", "'\tx"],
]
MART_TABLES = ["build_info", "indicator_values", "indicators"]


def build_warehouse(path: Path, data_mode: str = "sample") -> Path:
    con = duckdb.connect(str(path))
    con.execute("create schema mart; create schema restricted; create schema raw")
    con.execute(
        """
        create table mart.indicator_values(indicator_id varchar, area_code varchar,
            area_name varchar, year integer, value double, status varchar)
        """
    )
    con.executemany(
        "insert into mart.indicator_values values (?, ?, ?, ?, ?, ?)",
        [
            ("pop", "18", "Örebro län", 2023, 12.5, "ok"),
            ("pop", "1880", "Örebro", 2023, None, "suppressed"),
            ("chg", "1881", '=HYPERLINK("http://x")', 2023, -3.0, "+1"),
            ("-cmd", "1882", "@SUM(A1)", 2024, 1e-7, "ok"),
            ("pop", "1883", NASTY_NAME, 2024, -5.0, "\tx"),
        ],
    )
    con.execute(
        """
        create table mart.indicators as
        select 'pop' as indicator_id, 'Befolkning' as name_sv, true as higher_is_better
        """
    )
    con.execute(
        "create table mart.build_info(run_id varchar, built_at timestamptz, data_mode varchar)"
    )
    con.execute(
        "insert into mart.build_info values ('run-2024-05-01-abc', '2024-05-01 10:00:00+00', ?)",
        [data_mode],
    )
    con.execute("create view mart.latest as select * from mart.indicator_values")
    con.execute(f"create table restricted.secret as select '{SECRETS[0]}' as value, 3 as n")
    con.execute(f"create table raw.x as select '{SECRETS[1]}' as value")
    con.close()
    return path


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "asf.duckdb")


@pytest.fixture
def exports_dir(tmp_path: Path) -> Path:
    return tmp_path / "exports"


def read_csv(path: Path, delimiter: str = ",") -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))}


def siblings(exports_dir: Path) -> list[str]:
    return sorted(p.name for p in exports_dir.parent.iterdir() if p.name.startswith("exports"))


def test_every_mart_table_in_three_formats_and_a_readme(warehouse, exports_dir):
    written = write_exports(warehouse, exports_dir)
    expected = {"README.txt"} | {
        f"{table}{suffix}" for table in MART_TABLES for suffix in (".parquet", ".csv", ".sv.csv")
    }
    assert {p.name for p in exports_dir.iterdir()} == expected
    assert sorted(written) == sorted(exports_dir / name for name in expected)
    assert siblings(exports_dir) == ["exports"]  # no temp or old folder left behind


def test_restricted_and_raw_never_reach_the_exports(warehouse, exports_dir):
    write_exports(warehouse, exports_dir)
    names = " ".join(p.name for p in exports_dir.iterdir())
    assert "secret" not in names and "x." not in names and "latest" not in names
    for path in exports_dir.iterdir():
        data = path.read_bytes()
        assert not any(secret.encode() in data for secret in SECRETS), path
    con = duckdb.connect()
    for path in exports_dir.glob("*.parquet"):
        text = str(con.execute("select * from read_parquet(?)", [str(path)]).fetchall())
        assert not any(secret in text for secret in SECRETS)
    for schemas in [("restricted",), ("mart", "RAW"), ("ops",), ("staging",)]:
        with pytest.raises(ValueError, match="never exported"):
            write_exports(warehouse, exports_dir, schemas=schemas)


def test_parquet_reads_back_equal_to_the_table(warehouse, exports_dir):
    write_exports(warehouse, exports_dir)
    con = duckdb.connect(str(warehouse), read_only=True)
    for table in MART_TABLES:
        path = str(exports_dir / f"{table}.parquet")
        order = "indicator_id, area_code, year" if table == "indicator_values" else "all"
        original = con.execute(f"select * from mart.{table} order by {order}").fetchall()
        columns = [
            c[0] for c in con.execute("select * from read_parquet(?) limit 0", [path]).description
        ]
        read = "select * from read_parquet(?)"
        if "value_integer" in columns:  # Parquet's own column for whole numbers (README.txt)
            read = "select * exclude (value_integer) from read_parquet(?)"
        assert con.execute(read, [path]).fetchall() == original
        types = con.execute(f"select * from mart.{table} limit 0").description
        back = con.execute(f"{read} limit 0", [path]).description
        assert [c[:2] for c in back] == [c[:2] for c in types]


def test_csv_has_a_bom_crlf_and_parses_to_the_expected_cells(warehouse, exports_dir):
    write_exports(warehouse, exports_dir)
    raw = (exports_dir / "indicator_values.csv").read_bytes()
    assert raw.startswith(BOM)
    assert raw.count(b"\r\n") == len(EXPECTED_ROWS) + 1  # the embedded \n stays inside quotes
    assert read_csv(exports_dir / "indicator_values.csv") == [HEADER, *EXPECTED_ROWS]
    assert b'"\'=HYPERLINK(""http://x"")"' in raw  # RFC 4180: quotes doubled inside a quoted field
    assert read_csv(exports_dir / "indicators.csv") == [
        ["indicator_id", "name_sv", "higher_is_better"],
        ["pop", "Befolkning", "true"],
    ]
    assert read_csv(exports_dir / "build_info.csv")[1] == [
        "run-2024-05-01-abc",
        "2024-05-01 12:00:00",  # Swedish summer time, as Excel reads a date-time
        "sample",
    ]


def test_swedish_csv_uses_semicolons_and_decimal_commas(warehouse, exports_dir):
    write_exports(warehouse, exports_dir)
    raw = (exports_dir / "indicator_values.sv.csv").read_bytes()
    assert raw.startswith(BOM)
    assert raw.decode("utf-8-sig").splitlines()[1] == "'-cmd;1882;'@SUM(A1);2024;0,0000001;ok"
    rows = read_csv(exports_dir / "indicator_values.sv.csv", delimiter=";")
    decimals = {"12.5": "12,5", "-3.0": "-3,0", "-5.0": "-5,0", "0.0000001": "0,0000001"}
    expected = [[decimals.get(cell, cell) for cell in row] for row in EXPECTED_ROWS]
    assert rows == [HEADER, *expected]
    assert rows[3][2] == "Örebro län" and rows[5][2] == NASTY_NAME


def test_formula_text_is_defused_but_numbers_and_nulls_are_not(warehouse, exports_dir):
    write_exports(warehouse, exports_dir)
    for name, delimiter in [("indicator_values.csv", ","), ("indicator_values.sv.csv", ";")]:
        rows = read_csv(exports_dir / name, delimiter)[1:]
        texts = [row[i] for row in rows for i in (0, 2, 5)]
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in texts)
        assert rows[1][2].startswith("'=") and rows[0][2] == "'@SUM(A1)"
        assert rows[1][5] == "'+1" and rows[0][0] == "'-cmd"
        assert rows[1][4] in ("-3.0", "-3,0") and rows[4][4] in ("-5.0", "-5,0")
        assert rows[3][4] == ""  # NULL is an empty cell
        text = (exports_dir / name).read_text(encoding="utf-8-sig").lower()
        assert "nan" not in text and "none" not in text and "<na>" not in text


def test_readme_names_the_run_and_warns_of_sample_data(warehouse, exports_dir, tmp_path):
    write_exports(warehouse, exports_dir)
    readme = (exports_dir / "README.txt").read_text(encoding="utf-8")
    assert "SAMPLE DATA" in readme and "EXEMPELDATA" in readme
    assert "run-2024-05-01-abc" in readme and "2024-05-01 12:00:00" in readme
    assert "Europe/Stockholm" in readme  # the zone of every time in the CSVs
    for status in ("ok", "preliminary", "missing", "suppressed", "primary", "few_enterprises",
                   "dominance", "secondary"):  # fmt: skip
        assert f"  {status} " in readme or f"{status} (" in readme, status
    assert "indicator_values" in readme

    live = build_warehouse(tmp_path / "live.duckdb", data_mode="live")
    write_exports(live, tmp_path / "live_exports")
    readme = (tmp_path / "live_exports" / "README.txt").read_text(encoding="utf-8")
    assert "SAMPLE DATA" not in readme and "data mode live" in readme


def test_readme_without_build_info_says_the_run_is_unknown(warehouse, exports_dir):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table mart.build_info")
    write_exports(warehouse, exports_dir)
    readme = (exports_dir / "README.txt").read_text(encoding="utf-8")
    assert "unknown" in readme and "SAMPLE DATA" in readme


def test_a_rerun_replaces_the_whole_set(warehouse, exports_dir):
    write_exports(warehouse, exports_dir)
    (exports_dir / "stray.txt").write_text("left by hand")
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table mart.indicators")
        con.execute("update mart.indicator_values set value = 99.25 where area_code = '18'")
    written = write_exports(warehouse, exports_dir)
    names = {p.name for p in exports_dir.iterdir()}
    assert names == {p.name for p in written}
    assert not any(name.startswith(("indicators.", "stray")) for name in names)
    assert read_csv(exports_dir / "indicator_values.csv")[3][4] == "99.25"  # pop, 18
    assert siblings(exports_dir) == ["exports"]


def test_a_failure_midway_leaves_the_previous_set_untouched(warehouse, exports_dir, monkeypatch):
    write_exports(warehouse, exports_dir)
    before = snapshot(exports_dir)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update mart.indicator_values set value = 1 where area_code = '18'")
    real_write_csv, calls = exports._write_csv, []

    def fail_on_second_table(*args):
        calls.append(args)
        if len(calls) > 1:
            raise OSError("disk full")
        real_write_csv(*args)

    monkeypatch.setattr(exports, "_write_csv", fail_on_second_table)
    with pytest.raises(OSError, match="disk full"):
        write_exports(warehouse, exports_dir)
    assert len(calls) == 2
    assert snapshot(exports_dir) == before
    assert siblings(exports_dir) == ["exports"]


def test_a_failed_swap_puts_the_previous_set_back(warehouse, exports_dir, monkeypatch):
    write_exports(warehouse, exports_dir)
    before = snapshot(exports_dir)
    real_rename = Path.rename

    def refuse_tmp(self, target):
        if ".tmp-" in self.name:
            raise OSError("rename refused")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse_tmp)
    with pytest.raises(OSError, match="rename refused"):
        write_exports(warehouse, exports_dir)
    assert snapshot(exports_dir) == before
    assert siblings(exports_dir) == ["exports"]


def test_the_leftovers_of_a_run_killed_while_exporting_are_removed(warehouse, exports_dir):
    write_exports(warehouse, exports_dir)
    for leftover in ("exports.tmp-0123456789abcdef", "exports.old-fedcba9876543210"):
        (exports_dir.parent / leftover).mkdir()  # half written; swapped out, never removed
        (exports_dir.parent / leftover / "mart.indicators.csv").write_text("partial")
    write_exports(warehouse, exports_dir)
    assert siblings(exports_dir) == ["exports"]


def test_first_export_creates_the_folder_and_a_missing_warehouse_is_explained(tmp_path):
    from asfetl.errors import NoWarehouseError

    with pytest.raises(NoWarehouseError, match="no warehouse"):
        write_exports(tmp_path / "none.duckdb", tmp_path / "a" / "exports")
    assert not (tmp_path / "a" / "exports").exists()
    warehouse = build_warehouse(tmp_path / "asf.duckdb")
    written = write_exports(warehouse, tmp_path / "a" / "exports")
    assert all(path.is_file() for path in written)


def test_cells_are_formatted_without_exponents_or_locale_surprises():
    assert exports._cell(1e20, ",") == "100000000000000000000"
    assert exports._cell(0.1 + 0.2, ".") == "0.30000000000000004"
    assert exports._cell(float("nan"), ".") == "" and exports._cell(float("inf"), ".") == ""
    assert exports._cell(-7, ".") == "-7" and exports._cell(False, ".") == "false"
    assert exports._cell("\rcmd", ".") == "'\rcmd" and exports._cell("a-b", ".") == "a-b"


def test_values_are_rounded_as_the_catalogue_states_counts_whole_times_local(tmp_path):
    """The issue's figures: a count came out as 292868,0, ratios unrounded, times as UTC text."""
    path = tmp_path / "asf.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema mart")
    con.execute(
        "create table mart.indicators as select * from (values ('population', 'antal', 0), "
        "('share', '%', 1), ('turnover', 'kr', 0)) t(indicator_id, unit, decimals)"
    )
    con.execute(
        """
        create table mart.indicator_values as
        select indicator_id, area_code, year, cast(value_text as double) as value, updated_at
        from (values
            ('share', '1881', 2024, 0.8817953353026763, '2026-12-07 09:56:36.301565+00'::timestamptz),
            ('share', '1881', 2022, -2.6396703589541604, '2026-07-01 09:00:00+00'::timestamptz),
            ('population', '1881', 2024, 292868.0, '2026-12-07 09:56:36+00'::timestamptz),
            ('turnover', '18', 2024, 15039511.49, '2026-12-07 09:56:36+00'::timestamptz),
            ('share', '18', 2024, -0.04, '2026-12-07 09:56:36+00'::timestamptz)
        ) t(indicator_id, area_code, year, value_text, updated_at)
        """
    )
    con.close()
    write_exports(path, tmp_path / "exports")
    rows = read_csv(tmp_path / "exports" / "indicator_values.sv.csv", delimiter=";")
    assert rows == [
        ["indicator_id", "area_code", "year", "value", "updated_at"],
        ["population", "1881", "2024", "292868", "2026-12-07 10:56:36"],
        ["share", "18", "2024", "0,0", "2026-12-07 10:56:36"],  # never "-0,0"
        ["share", "1881", "2022", "-2,6", "2026-07-01 11:00:00"],  # summer time
        ["share", "1881", "2024", "0,9", "2026-12-07 10:56:36"],
        ["turnover", "18", "2024", "15039511", "2026-12-07 10:56:36"],
    ]
    with duckdb.connect() as con:
        back = con.execute(
            "select value, typeof(year), typeof(updated_at) from read_parquet(?)",
            [str(tmp_path / "exports" / "indicator_values.parquet")],
        ).fetchall()
    assert [v for v, _, _ in back] == [292868.0, 0.0, -2.6, 0.9, 15039511.0]
    with duckdb.connect() as con:  # counts and kronor (decimals 0) as integers too
        whole = con.execute(
            "select indicator_id, value_integer, typeof(value_integer) from read_parquet(?)",
            [str(tmp_path / "exports" / "indicator_values.parquet")],
        ).fetchall()
    assert [(i, v) for i, v, _ in whole] == [
        ("population", 292868),
        ("share", None),
        ("share", None),
        ("share", None),
        ("turnover", 15039511),
    ]
    assert {t for _, _, t in whole} == {"BIGINT"}
    assert {(year, time) for _, year, time in back} == {("INTEGER", "TIMESTAMP WITH TIME ZONE")}
    with duckdb.connect(str(path), read_only=True) as con:  # the published value is unrounded
        assert con.execute(
            "select value from mart.indicator_values where indicator_id = 'share' and year = 2022"
        ).fetchone() == (-2.6396703589541604,)


def test_women_and_men_are_exported_beside_the_total_rounded_like_it(tmp_path):
    """Issue 26: value_women and value_men in every format, rounded to the catalogue's decimals
    as value is (1 for a share: 4.46 → 4.5, 5.34 → 5.3); NULL where there is no split."""
    path = tmp_path / "asf.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema mart")
    con.execute(
        "create table mart.indicators as select * from (values ('share', '%', 1), "
        "('population', 'antal', 0)) t(indicator_id, unit, decimals)"
    )
    con.execute(
        """
        create table mart.indicator_values as
        select indicator_id, area_code, year, cast(v as double) as value,
            cast(w as double) as value_women, cast(m as double) as value_men
        from (values
            ('share', '1881', 2024, 4.8967, 4.46, 5.34),
            ('share', '00', 2024, 3.61, 3.2049, 4.0),
            ('population', '00', 2024, 10587710.0, null, null)
        ) t(indicator_id, area_code, year, v, w, m)
        """
    )
    con.close()
    write_exports(path, tmp_path / "exports")
    assert read_csv(tmp_path / "exports" / "indicator_values.csv") == [
        ["indicator_id", "area_code", "year", "value", "value_women", "value_men"],
        ["population", "00", "2024", "10587710", "", ""],
        ["share", "00", "2024", "3.6", "3.2", "4.0"],
        ["share", "1881", "2024", "4.9", "4.5", "5.3"],
    ]
    assert read_csv(tmp_path / "exports" / "indicator_values.sv.csv", delimiter=";")[3] == [
        "share", "1881", "2024", "4,9", "4,5", "5,3"
    ]  # fmt: skip
    with duckdb.connect() as con:
        back = con.execute(
            "select value_women, value_men, typeof(value_women) from read_parquet(?)",
            [str(tmp_path / "exports" / "indicator_values.parquet")],
        ).fetchall()
    assert back == [(None, None, "DOUBLE"), (3.2, 4.0, "DOUBLE"), (4.5, 5.3, "DOUBLE")]
