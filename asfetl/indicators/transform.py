"""Seeds, macros and models: sql/seeds → staging.seed_*, then every model in the order its reads imply."""

import csv
import hashlib
import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from asfetl import __version__, geography, sources
from asfetl.errors import AsfetlError
from asfetl.indicators import disclosure
from asfetl.paths import sql_dir
from asfetl.plan import folder as plan
from asfetl.reports.window import ReportingWindow, read_ceased
from asfetl.warehouse.database import define_macros

# Model folders of sql/ and the schema their tables go to, in the order the layers build.
# Staging, intermediate and restricted models become tables in their schema; mart models fill the
# tables their migration defined (typed, keyed), so a model that breaks the grain fails loudly.
LAYERS = {"staging": "staging", "intermediate": "intermediate", "restricted": "restricted",
          "marts": "mart"}  # fmt: skip
# A table a model reads: schema.table of a layer, or of raw (what the pipeline loaded).
TABLE_REF = re.compile(r"\b(raw|staging|intermediate|restricted|mart)\.([a-z_][a-z0-9_]*)\b")
# Seed tables that no CSV defines: load_seeds builds them in Python, from these files.
PYTHON_SEEDS = {
    "staging.seed_areas": geography.AREAS_CSV,  # the configured region's areas
    "staging.seed_benchmark_areas": geography.AREAS_CSV,  # Sweden beside a county; else none
    "staging.seed_reporting": None,  # the reporting window's settings (reports/window.py), one row
    "staging.seed_ceased_enterprises": None,  # <warehouse folder>/ceased_enterprises.csv
}


@dataclass(frozen=True)
class Model:
    """One table the transform builds: from its SQL file, or by a Python function."""

    table: str  # schema.table
    reads: frozenset[str]  # the tables it reads
    path: Path | None = None  # its SQL file
    build: Callable[[duckdb.DuckDBPyConnection], int] | None = None  # a Python model

    @property
    def layer(self) -> int:
        return list(LAYERS.values()).index(self.table.split(".")[0])


# Python models: disclosure control is clearer in Python than in SQL.
PYTHON_MODELS = [
    Model(
        disclosure.PROTECTED_TABLE,
        frozenset({disclosure.CELLS_TABLE}),
        build=disclosure.protect_table,
    )
]


def reads(sql: str) -> frozenset[str]:
    """The tables a model's SQL reads: every schema.table outside comments and string literals."""
    code = re.sub(r"--[^\n]*", "", sql)
    code = re.sub(r"'(?:[^']|'')*'", "''", code)
    return frozenset(".".join(ref) for ref in TABLE_REF.findall(code))


def sql_models() -> list[Model]:
    """Every SQL model under sql/<layer>/, named after the table it builds."""
    found = []
    for folder, schema in LAYERS.items():
        for path in sorted((sql_dir() / folder).glob("*.sql")):
            found.append(Model(f"{schema}.{path.stem}", reads(path.read_text("utf-8")), path))
    return found


def is_input(table: str) -> bool:
    """Tables no model builds: what the pipeline loaded (raw) and the seeds (load_seeds)."""
    return table.startswith(("raw.", "staging.seed_"))


def build_order(models: Iterable[Model]) -> list[Model]:
    """Every model after the models whose tables it reads; among those ready, by layer and name."""
    by_table = {m.table: m for m in models}
    for model in by_table.values():
        unknown = sorted(t for t in model.reads if t not in by_table and not is_input(t))
        if unknown:
            raise AsfetlError(
                f"Model {model.table} reads {', '.join(unknown)}, which no model builds; "
                "add its SQL file under sql/ or correct the name."
            )
    waiting = {t: {r for r in m.reads if r in by_table} for t, m in by_table.items()}
    ready = [(m.layer, t) for t, m in by_table.items() if not waiting[t]]
    heapq.heapify(ready)
    order = []
    while ready:
        _, table = heapq.heappop(ready)
        order.append(by_table[table])
        for other, needs in waiting.items():
            if table in needs:
                needs.discard(table)
                if not needs:
                    heapq.heappush(ready, (by_table[other].layer, other))
    if len(order) < len(by_table):
        cycle = sorted(set(by_table) - {m.table for m in order})
        raise AsfetlError(f"These models read each other in a cycle: {', '.join(cycle)}.")
    return order


BY_TABLE = {m.table: m for m in build_order([*sql_models(), *PYTHON_MODELS])}
# Every model, each after the ones it reads.
MODELS = list(BY_TABLE)

# Rebuilt on every run, even when nothing else changed: when each source was last checked.
ALWAYS = ["mart.source_freshness"]


def inputs_fingerprint(
    region: str,
    first_year: int,
    window: ReportingWindow | None = None,
    ceased_file: Path | None = None,
    plan_dir: Path | None = None,
) -> str:
    """What the models are a function of, besides the raw tables: the SQL, the seeds, the plan
    (ASFETL_PLAN_DIR's files, or the shipped example), the Python steps, the areas, the settings
    that choose rows or decide a year's status (the reporting window, as of today), the ceased
    enterprises, and the asfetl version."""
    window = window or ReportingWindow()
    digest = hashlib.sha256(f"{__version__}|{region}|{first_year}|{window.fingerprint()}".encode())
    files = sorted(sql_dir().rglob("*.sql")) + _reference_seeds() + plan.plan_paths(plan_dir)
    files += sources.seed_files()  # the seeds a source keeps in its folder
    files += [Path(disclosure.__file__), Path(__file__), geography.AREAS_CSV]
    files += [path for path in [ceased_file] if path is not None and path.is_file()]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def last_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "select inputs_sha256 from ops.transform_state order by transformed_at desc limit 1"
    ).fetchone()
    return row[0] if row else None


def record_fingerprint(con: duckdb.DuckDBPyConnection, fingerprint: str, run_id: str) -> None:
    con.execute(
        "insert or replace into ops.transform_state values (?, ?, now())", [run_id, fingerprint]
    )


def load_seeds(
    con: duckdb.DuckDBPyConnection,
    region: str,
    window: ReportingWindow | None = None,
    ceased_file: Path | None = None,
    plan_dir: Path | None = None,
) -> dict[str, int]:
    """Reference data: every CSV in sql/seeds and those the sources declare, the plan (from
    `plan_dir`, ASFETL_PLAN_DIR, or the shipped example), the areas the run covers and those it
    is compared with (Sweden beside a county), the reporting window and the enterprises marked
    as ceased."""
    counts = {}
    seeds = [*_reference_seeds(), *sources.seed_files()]
    for path in sorted(seeds, key=lambda p: p.name):
        with path.open(encoding="utf-8", newline="") as f:
            frame = pd.DataFrame(list(csv.DictReader(f)), dtype="string")
        counts[f"staging.seed_{path.stem}"] = _replace_table(con, f"seed_{path.stem}", frame)
    for stem, frame in plan.seed_frames(plan_dir).items():
        counts[f"staging.seed_{stem}"] = _replace_table(con, f"seed_{stem}", frame)
    for stem, chosen in (
        ("seed_areas", geography.region_areas(region)),
        ("seed_benchmark_areas", geography.benchmark_areas(region)),
    ):
        counts[f"staging.{stem}"] = _replace_table(con, stem, _areas_frame(chosen))
    window_row = (window or ReportingWindow()).frame()
    counts["staging.seed_reporting"] = _replace_table(con, "seed_reporting", window_row)
    ceased = read_ceased(ceased_file)
    counts["staging.seed_ceased_enterprises"] = _replace_table(
        con, "seed_ceased_enterprises", ceased
    )
    return counts


def _areas_frame(areas: list[geography.Area]) -> pd.DataFrame:
    """Areas as a seed: area_code, area_name, area_level, county_code (typed even when empty)."""
    columns = {"code": "area_code", "name": "area_name", "level": "area_level"}
    fields = ["code", "name", "level", "county_code"]
    frame = pd.DataFrame([vars(a) for a in areas], columns=fields, dtype="string")
    return frame.rename(columns=columns)


def _reference_seeds() -> list[Path]:
    """The CSVs of sql/seeds but the plan's, which come from the plan folder."""
    shipped = sorted((sql_dir() / "seeds").glob("*.csv"))
    return [path for path in shipped if path.name not in plan.FILE_NAMES]


def _replace_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> int:
    con.register("seed_frame", frame)
    try:
        con.execute(f"create or replace table staging.{name} as select * from seed_frame")
    finally:
        con.unregister("seed_frame")
    return len(frame)


def run_models(con: duckdb.DuckDBPyConnection, models: list[str] = MODELS) -> dict[str, int]:
    """Build these models (every one by default), each after those it reads, inside one
    transaction; return the row count of each table."""
    unknown = sorted(set(models) - set(BY_TABLE))
    if unknown:
        raise ValueError(f"No model builds {', '.join(unknown)}; known: {', '.join(MODELS)}.")
    chosen = set(models)
    counts = {}
    define_macros(con)
    con.execute("begin transaction")
    try:
        for table in [t for t in MODELS if t in chosen]:
            counts[table] = _build(con, BY_TABLE[table])
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return counts


def _build(con: duckdb.DuckDBPyConnection, model: Model) -> int:
    if model.build is not None:
        return model.build(con)
    sql = model.path.read_text(encoding="utf-8")
    if model.table.startswith("mart."):
        con.execute(f"delete from {model.table}")
        con.execute(f"insert into {model.table} by name {sql}")
    else:
        con.execute(f"create or replace table {model.table} as {sql}")
    return con.execute(f"select count(*) from {model.table}").fetchone()[0]
