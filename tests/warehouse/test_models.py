"""The models: built in the order their reads imply, headers that say what they read, staging that
only renames and casts, and each rule of the SQL stated once."""

import csv
import random
import re
from pathlib import Path

import pytest

from asfetl.errors import AsfetlError
from asfetl.indicators import disclosure
from asfetl.paths import sql_dir
from asfetl.indicators import transform
from asfetl.warehouse import database
from asfetl.indicators.transform import Model

SQL_MODELS = [m for m in transform.BY_TABLE.values() if m.path is not None]


def code_of(path: Path) -> str:
    """A model's SQL without its comments."""
    return re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))


def without_strings(code: str) -> str:
    return re.sub(r"'(?:[^']|'')*'", "''", code)


def header_of(path: Path) -> str:
    """The comment block a model starts with, as one text."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.removeprefix("--").strip())
    return " ".join(lines)


# --- the order ---------------------------------------------------------------------------------


def test_every_model_is_built_after_the_tables_it_reads():
    built: set[str] = set()
    for table in transform.MODELS:
        model = transform.BY_TABLE[table]
        for read in model.reads:
            assert read in built or transform.is_input(read), f"{table} reads {read} before it"
        built.add(table)
    assert len(transform.MODELS) == len(set(transform.MODELS))


def test_the_order_is_derived_from_the_reads_not_from_the_listing():
    models = list(transform.BY_TABLE.values())
    for seed in range(5):
        random.Random(seed).shuffle(models)
        assert [m.table for m in transform.build_order(models)] == transform.MODELS


def test_every_sql_file_and_the_python_model_are_models():
    files = {
        f"{schema}.{path.stem}"
        for folder, schema in transform.LAYERS.items()
        for path in (sql_dir() / folder).glob("*.sql")
    }
    assert set(transform.MODELS) == files | {disclosure.PROTECTED_TABLE}
    protect = transform.BY_TABLE[disclosure.PROTECTED_TABLE]
    assert protect.build is disclosure.protect_table
    assert protect.reads == {disclosure.CELLS_TABLE}
    assert set(transform.ALWAYS) <= set(transform.MODELS)


def test_reads_ignore_comments_and_string_literals():
    sql = "-- Upstream: raw.x\nselect 'mart.y' as a from staging.z join intermediate.w using (k)"
    assert transform.reads(sql) == {"staging.z", "intermediate.w"}


def test_a_cycle_or_an_unknown_table_is_refused():
    a = Model("intermediate.a", frozenset({"intermediate.b"}))
    b = Model("intermediate.b", frozenset({"intermediate.a"}))
    with pytest.raises(AsfetlError, match="cycle: intermediate.a, intermediate.b"):
        transform.build_order([a, b])
    typo = Model("mart.c", frozenset({"intermediate.nowhere"}))
    with pytest.raises(AsfetlError, match="reads intermediate.nowhere, which no model builds"):
        transform.build_order([typo])


def test_ties_go_by_layer_then_name():
    late = Model("mart.a", frozenset())
    early = Model("staging.z", frozenset())
    middle = Model("intermediate.m", frozenset({"staging.z"}))
    assert [m.table for m in transform.build_order([late, middle, early])] == [
        "staging.z",
        "intermediate.m",
        "mart.a",
    ]


def test_every_input_exists_once_migrated_and_seeded(tmp_path):
    con = database.connect(tmp_path / "w.duckdb")
    try:
        database.migrate(con)
        seeded = transform.load_seeds(con, "18")
        assert set(transform.PYTHON_SEEDS) <= set(seeded)  # built in Python, declared here
        tables = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select schema_name, table_name from duckdb_tables()"
            ).fetchall()
        }
        inputs = {r for m in transform.BY_TABLE.values() for r in m.reads if transform.is_input(r)}
        assert inputs <= tables
        counts = transform.run_models(con)  # every model builds, even with nothing loaded yet
        assert list(counts) == transform.MODELS
    finally:
        con.close()


def test_run_models_refuses_an_unknown_model(tmp_path):
    con = database.connect(tmp_path / "w.duckdb")
    try:
        with pytest.raises(ValueError, match="No model builds staging/stg_scb__population"):
            transform.run_models(con, ["staging/stg_scb__population"])
    finally:
        con.close()


# --- what each model says about itself ---------------------------------------------------------


@pytest.mark.parametrize("model", SQL_MODELS, ids=lambda m: m.table)
def test_the_header_states_purpose_grain_and_exactly_the_tables_read(model):
    header = header_of(model.path)
    for part in ("Purpose:", "Grain:", "Upstream:"):
        assert part in header, f"{model.path.name}: no {part} in the header"
    if not model.table.startswith("mart."):  # a mart's key is its migration's primary key
        assert "Key:" in header, f"{model.path.name}: no Key: in the header"
    upstream = header.split("Upstream:", 1)[1]
    named = {".".join(ref) for ref in transform.TABLE_REF.findall(upstream)}
    assert named == model.reads, f"{model.path.name}: the header's Upstream differs from its reads"


@pytest.mark.parametrize("model", SQL_MODELS, ids=lambda m: m.table)
def test_every_model_ends_in_a_named_final_step(model):
    code = code_of(model.path).strip()
    assert without_strings(code) == without_strings(code).lower(), f"{model.path.name}: lowercase"
    assert re.search(r"select \* from (final|renamed|typed)$", code), model.path.name


@pytest.mark.parametrize(
    "model", [m for m in SQL_MODELS if m.table.startswith("staging.")], ids=lambda m: m.table
)
def test_staging_only_renames_and_casts(model):
    code = code_of(model.path).lower()
    for logic in (" join ", "group by", "union", "qualify", " over ", "where", "case ", "having"):
        assert logic not in code, f"{model.path.name}: {logic.strip()!r} belongs in intermediate"
    assert model.reads <= {r for r in model.reads if transform.is_input(r)}  # raw or seeds only


# --- each rule once ----------------------------------------------------------------------------


def catalogue_ids() -> list[str]:
    with (sql_dir() / "seeds" / "indicators.csv").open(encoding="utf-8", newline="") as f:
        return [row["indicator_id"] for row in csv.DictReader(f)]


def model_code() -> dict[str, str]:
    return {m.table: code_of(m.path) for m in SQL_MODELS}


@pytest.mark.parametrize("indicator_id", catalogue_ids())
def test_an_indicator_id_is_named_at_most_once_in_the_sql(indicator_id):
    """Which ids are people counts, parts of a ratio or published is the catalogue's to say;
    only the model that computes a figure names it, once. ASF ids are counted wherever they
    appear (asf_cells names them as columns); the others as literals only, since some are also
    ordinary column names (population)."""
    pattern = rf"\b{indicator_id}\b" if indicator_id.startswith("asf_") else rf"'{indicator_id}'"
    found = [table for table, code in model_code().items() for _ in re.finditer(pattern, code)]
    assert len(found) <= 1, f"{indicator_id} is named in {found}"
    assert not [t for t in found if t.startswith("mart.")]


def test_the_country_code_is_not_written_in_the_sql():
    """The country is the area of level 'country' (asfetl/data/areas.csv, geography.COUNTRY_CODE)."""
    for table, code in model_code().items():
        assert "'00'" not in code, table


@pytest.mark.parametrize(
    "rule",
    [
        r"received_at desc",  # superseding: sql/macros/newest_first.sql
        r"gender = 'T'",  # Kolada's total: intermediate.int_indicator_values__kolada
        r"population\.year <= ",  # the population-year rule: intermediate.int_indicator_values__asf_density
    ],
)
def test_each_rule_is_stated_in_one_model(rule):
    texts = {
        **model_code(),
        **{p.name: p.read_text("utf-8") for p in (sql_dir() / "macros").glob("*.sql")},
    }
    stated = [name for name, code in texts.items() if re.search(rule, code)]
    assert len(stated) == 1, f"{rule!r} is stated in {stated}"
