"""The registry: every source is one folder whose declaration holds all the pipeline knows of it."""

import json
import re
from pathlib import Path

import pytest

from asfetl import sources
from asfetl.paths import PACKAGE_DIR, expectations_dir, sql_dir
from asfetl.sources import SOURCES

PROJECT = PACKAGE_DIR.parent
RUN_PARAMETERS = {"area_codes", "first_year", "last_year"}  # the pipeline's, for every suite
DATASETS = [pytest.param(d, id=d.suite) for d in sources.datasets()]


def folder_of(source) -> Path:
    return PACKAGE_DIR / "sources" / source.name


def parameters_used(suite: dict) -> set[str]:
    return set(re.findall(r'"\$PARAMETER": "(\w+)"', json.dumps(suite)))


def test_every_source_is_a_folder_with_its_declaration():
    assert [s.name for s in SOURCES] == ["scb", "kolada"]
    for source in SOURCES:
        assert (folder_of(source) / "__init__.py").is_file()
        assert source.datasets and source.cadence_days > 0
        for dataset in source.datasets:
            assert dataset.source == source.name
    suites = [d.suite for d in sources.datasets()]
    assert len(suites) == len(set(suites))


@pytest.mark.parametrize("dataset", DATASETS)
def test_each_suite_lives_in_its_source_folder_and_is_valid_gx(dataset):
    import great_expectations as gx

    path = dataset.suite_file
    source = next(s for s in SOURCES if s.name == dataset.source)
    assert path.parent == folder_of(source) and path.name == f"{dataset.name}.expectations.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    suite = gx.ExpectationSuite(**document)
    assert suite.name == dataset.suite  # findings and run records call the dataset by this name
    assert suite.expectations
    for expectation in suite.expectations:
        assert {"rule", "message"} <= set(expectation.meta), (path, expectation.type)
    # every value the suite asks for is given: by the run, or by the source's declaration
    assert parameters_used(document) <= RUN_PARAMETERS | set(dataset.suite_parameters())
    assert not (expectations_dir() / f"{dataset.suite}.json").exists()  # one copy only


@pytest.mark.parametrize("dataset", DATASETS)
def test_each_raw_table_has_its_migration_and_staging_model(dataset):
    migrations = "\n".join(p.read_text(encoding="utf-8") for p in (sql_dir() / "ddl").glob("*.sql"))
    assert re.search(rf"create table {re.escape(dataset.raw_table)}\b", migrations), dataset
    staged = [
        p for p in (sql_dir() / "staging").glob(f"stg_{dataset.source}__*.sql")
        if dataset.raw_table in p.read_text(encoding="utf-8")
    ]  # fmt: skip
    assert staged, f"no sql/staging/stg_{dataset.source}__*.sql reads {dataset.raw_table}"


def test_declared_seeds_are_in_their_source_folder_and_do_not_clash_with_sql_seeds():
    shared = {p.stem for p in (sql_dir() / "seeds").glob("*.csv")}
    declared = sources.seed_files()
    assert [p.stem for p in declared] == ["kolada_kpis"]
    for source in SOURCES:
        for path in source.seeds:
            assert path.is_file() and path.parent == folder_of(source)
            assert path.stem not in shared  # it would silently replace the other seed table


def test_kolada_asks_for_and_checks_the_kpis_of_its_own_seed():
    (dataset,) = sources.kolada.SOURCE.datasets
    with sources.kolada.KPIS_FILE.open(encoding="utf-8") as f:
        seeded = sorted(line.split(",")[0] for line in f.read().splitlines()[1:])
    assert len(seeded) == 18  # the first four and issue 26's fourteen
    assert dataset.suite_parameters() == {"kpi_ids": seeded}


def test_watched_names_are_the_declared_datasets_and_the_report_inbox():
    assert [(w.source, w.dataset, w.cadence_days) for w in sources.watched()] == [
        ("scb", "population", 7),
        ("kolada", "kpi_values", 7),
        ("reports", "inbox", 1),
    ]
    assert sources.cadence_names() == ["scb", "kolada", "reports"]


def test_the_settings_know_every_cadence_by_its_declared_name_only():
    """pyproject.toml's entry points (asfetl.cadences) name what the settings accept, so that
    the settings need not import a publisher; each names the object that declares its cadence."""
    from importlib.metadata import entry_points

    from asfetl.settings.cadences import CADENCE_GROUP, cadence_sources

    assert sorted(cadence_sources()) == sorted(sources.cadence_names())
    declared = {p.name: p.load() for p in entry_points(group=CADENCE_GROUP)}
    assert {
        name: getattr(d, "name", getattr(d, "source", None)) for name, d in declared.items()
    } == {name: name for name in declared}


# --- nothing outside a source's folder names it ----------------------------------------------

# (files, lines that may name a source, why). Tests, docs, the imitations and SQL are not scanned.
ALLOWED = [
    ("asfetl/sources/__init__.py", r"from asfetl\.sources import|\w+\.SOURCE,", "the registry"),
    ("asfetl/settings/__init__.py", r"_base_url|statistikdatabasen\.scb\.se|api\.kolada\.se",
     "ASFETL_<SOURCE>_BASE_URL is a documented contract"),
    ("asfetl/settings/__init__.py", r"SCB's population tables", "ASFETL_FIRST_YEAR's lower bound"),
    ("*", r"\bSCB('s)? (area |county or municipality )?codes?\b|SCB gives the residence city "
     r"a code|SCB:s (områdeskod|läns- eller kommunkoder)",
     "area codes are SCB's national codes: a standard, not the source"),
    ("*", r"stg_\w+__", "the names of a source's staging models (its SQL)"),
    ("asfetl/dashboard/*.py", r"^\s*\"(scb|kolada)_\w+\": \"|'SCB: folkmängd'",
     "display titles of datasets: could move into the declarations"),
]  # fmt: skip
SCANNED = ("*.py", "*.json", "*.csv", "*.toml")


def own_folders() -> list[Path]:
    """A source's folder, and its sample payloads (asfetl/sample_data/<name>/)."""
    return [p for s in SOURCES for p in (folder_of(s), PACKAGE_DIR / "sample_data" / s.name)]


def test_nothing_outside_a_source_folder_names_the_source():
    pattern = re.compile("|".join(re.escape(s.name) for s in SOURCES), re.IGNORECASE)
    roots = [PROJECT / "asfetl", PROJECT / "flows", PROJECT / "expectations"]
    files = {p for root in roots for glob in SCANNED for p in root.rglob(glob)}
    naming = []
    for path in sorted(files):
        if any(path.is_relative_to(folder) for folder in own_folders()):
            continue
        relative = path.relative_to(PROJECT)
        allowed = [r for glob, r, _ in ALLOWED if glob == "*" or relative.match(glob)]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and not any(re.search(r, line) for r in allowed):
                naming.append(f"{relative}:{number}: {line.strip()}")
    assert naming == []
