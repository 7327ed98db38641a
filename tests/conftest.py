"""Shared fixtures: an isolated working folder and settings per test, a migrated warehouse per
test (copied from one migrated once per test process), one Prefect harness per session."""

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from asfetl.settings import Settings, load_settings
from asfetl.warehouse import database
from tests import migrated_prefect

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent

# Prefect reads PREFECT_HOME when it is first imported: give the whole session its own, before that.
_PREFECT_HOME = tempfile.mkdtemp(prefix="asfetl-test-prefect-")
atexit.register(shutil.rmtree, _PREFECT_HOME, ignore_errors=True)
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def isolate(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in `folder` with no ASFETL_* settings from the caller (until `monkeypatch` undoes it)."""
    for name in list(os.environ):
        if name.startswith("ASFETL_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs in its own empty folder with no ASFETL_* settings from the caller."""
    return isolate(tmp_path, monkeypatch)


# Tests never reach the real services: by default the APIs point at the discard port.
UNREACHABLE = {
    "scb_base_url": "http://127.0.0.1:9/api/v2",
    "kolada_base_url": "http://127.0.0.1:9/v3",
    "http_give_up_after": 1,
}
# A run looks at the inbox twice, `inbox_settle_seconds` (2 s) apart, and leaves a file that
# changed between the looks for the next run. A test writes its inbox files whole before it starts
# the run, so its settings do not wait. The wait is tested where files change under it
# (tests/reports/hostile/test_changed_under_the_run.py), and `asfetl` run in a subprocess
# (`cli_env`) keeps the default.
WRITTEN_WHOLE = {"inbox_settle_seconds": 0}


def offline_settings(folder: Path) -> Settings:
    """Settings for a warehouse under `folder`, with the APIs pointing nowhere."""
    return load_settings(
        warehouse=folder / "warehouse" / "asf.duckdb",
        inbox=folder / "warehouse" / "inbox",
        lock_timeout=0,
        **UNREACHABLE,
        **WRITTEN_WHOLE,
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return offline_settings(tmp_path)


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse folder after one sample run (the pipeline without Prefect), made once per
    test process in a folder of its own; tests never use it, they get a copy (`sample_run`)."""
    from asfetl.operations import pipeline

    root = tmp_path_factory.mktemp("sample-run")
    with pytest.MonkeyPatch.context() as patch:  # as `isolated` gives a test: no ASFETL_* set
        for name in list(os.environ):
            if name.startswith("ASFETL_"):
                patch.delenv(name)
        patch.chdir(root)
        pipeline.run_pipeline(offline_settings(root), sample=True)
    return root / "warehouse"


@pytest.fixture
def sample_run(settings: Settings, sample_template: Path) -> Settings:
    """`settings` whose warehouse folder holds what `run_pipeline(settings, sample=True)` leaves
    (published and working files, landing, exports, modes): a copy of `sample_template` in the
    test's own folder. Paths in the warehouse are relative to its folder, so the copy stands alone.
    For tests that start from a sample run rather than test it; a run costs seconds of CPU."""
    shutil.copytree(sample_template, settings.warehouse_dir, symlinks=True)
    return settings


@contextmanager
def served(folder: Path) -> Iterator[Settings]:
    """Settings for a warehouse under `folder` whose APIs are local imitations of SCB and Kolada,
    while they run."""
    from tests.imitation import KoladaImitation, ScbImitation

    with ScbImitation() as scb, KoladaImitation() as kolada:
        yield load_settings(
            warehouse=folder / "warehouse" / "asf.duckdb",
            inbox=folder / "warehouse" / "inbox",
            lock_timeout=0,
            scb_base_url=scb.url,
            kolada_base_url=kolada.url,
            http_give_up_after=30,
            **WRITTEN_WHOLE,
        )


@pytest.fixture
def served_settings(tmp_path: Path) -> Iterator[Settings]:
    """Settings whose APIs are local imitations of SCB and Kolada."""
    with served(tmp_path) as settings:
        yield settings


@pytest.fixture
def blank_con(tmp_path: Path) -> Iterator:
    """A new warehouse file in the test's own folder, no migration applied yet."""
    connection = database.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse file with every migration applied, made once per test process; never opened
    by a test, only copied (the `con` fixture)."""
    path = tmp_path_factory.mktemp("migrated") / "template.duckdb"
    connection = database.connect(path)
    try:
        database.migrate(connection)
    finally:
        connection.close()
    return path


@pytest.fixture
def con(tmp_path: Path, migrated_template: Path) -> Iterator:
    """A warehouse file in the test's own folder with every migration applied, as a run's build
    has it: a copy of `migrated_template`, so the migrations run once per process, not per test."""
    path = tmp_path / "w.duckdb"
    shutil.copyfile(migrated_template, path)
    connection = database.connect(path)
    assert database.migrate(connection) == []  # the copy is current: nothing left to apply
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def prefect_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Prefect's database as its server leaves it after a first start, made once per session
    (shared by the xdist workers); never opened by a test, only copied (`prefect_home`)."""
    base = tmp_path_factory.getbasetemp()
    return migrated_prefect.template(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)


@pytest.fixture
def prefect_home(tmp_path: Path, prefect_database: Path) -> Path:
    """A PREFECT_HOME of the test's own whose database a server has already created and
    migrated, as on a machine after its first hand run (a new home costs a server about 5 s of
    CPU before it answers)."""
    return migrated_prefect.copy_into(prefect_database, tmp_path / "prefect-home")


@pytest.fixture(scope="session")
def prefect_api(prefect_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One Prefect server for the whole session, shared by the xdist workers
    (`migrated_prefect.session_server`), on a copy of the migrated database; this process's
    flows and clients use it (as under Prefect's test harness), and so can subprocesses (the
    CLI) given its URL, instead of starting their own. A test that reads the server's runs
    looks only at its own (the other workers' tests use it too)."""
    from prefect.context import _temporary_global_settings_context, get_settings_context
    from prefect.settings import PREFECT_API_URL, temporary_settings

    base = tmp_path_factory.getbasetemp()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    owner = os.getppid() if worker else os.getpid()  # xdist's workers are its children
    root = base.parent if worker else base
    url = migrated_prefect.session_server(root, prefect_database, owner)
    with ExitStack() as stack:
        stack.enter_context(temporary_settings(updates={PREFECT_API_URL: url}))
        stack.enter_context(_temporary_global_settings_context(get_settings_context()))
        yield url
        _drain_prefect_workers()


def _drain_prefect_workers() -> None:
    """Send what this process's flows still hold (logs, events) before it ends, as Prefect's
    test harness does when it stops its server."""
    import inspect

    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.utilities.asyncutils import run_coro_as_sync

    async def drain() -> None:
        try:
            result = APILogWorker.instance().drain()
            if inspect.isawaitable(result):
                await result
        except RuntimeError:
            pass
        result = EventsWorker.drain_all()
        if inspect.isawaitable(result):
            await result

    run_coro_as_sync(drain())


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for running `asfetl` in a subprocess: no inherited ASFETL_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASFETL_")}
    env.update(extra)
    return env


ASFETL = [sys.executable, "-m", "asfetl.cli"]


# --- make check leaves out the slow tests; make test starts the longest first -------------------

# Tests that run the whole pipeline, start a Prefect server, a worker, a browser or PostgreSQL,
# or kill runs (measured: each file takes seconds to minutes). `make check` runs the rest.
SLOW = (
    "tests/operations/",
    "tests/dashboard/",
    "tests/reports/hostile/",
    "tests/portal/test_portal_browser.py",
    "tests/portal/test_portal_command.py",
    "tests/portal/test_links.py",
    "tests/warehouse/test_publish.py",
    "tests/warehouse/test_noop_rerun.py",
    "tests/warehouse/test_superseding.py",
    "tests/cli/test_cli.py",
    "tests/cli/test_hand_run.py",
    "tests/indicators/test_asf_indicators.py",
    "tests/indicators/test_reporting_window.py",
    "tests/reports/test_template_and_cli.py",
    "tests/reports/test_sample.py",
    "tests/reports/test_reports_pipeline.py",
    "tests/docs/test_recipes.py",
    "tests/plan/test_own_plan_run.py",
)

# The order (`make test` runs `pytest -n 3 --dist loadscope --no-loadscope-reorder`: three
# workers on two cores, because about an eighth of the suite is tests that wait by design —
# servers starting, a worker polling, retries and budgets running out — and a third worker fills
# that time; each worker takes a whole module at a time, so a module's fixtures are made once, in
# this order, the next module going to whichever worker is free):
# 1. the dashboard's timing at 4× CPU slowdown, while the other workers run the fast tests
#    (in-process, one core each), so that Chromium's throttled timings measure the page and not
#    runs and servers;
# 2. the fast tests;
# 3. the longest modules, longest first (measured: wall seconds on one worker), so that no long
#    module is left to run alone at the end;
# 4. the other slow modules.
TIMED_FIRST = "tests/dashboard/test_dashboard_speed_browser.py"
LONGEST = (
    "tests/dashboard/test_dashboard_browser.py",  # 126 s
    "tests/operations/test_regions_on_postgres.py",  # 87 s
    "tests/operations/test_kill_nine.py",  # 85 s
    "tests/cli/test_hand_run.py",  # 82 s, most of it waiting
    "tests/operations/test_deployment.py",  # 64 s
    "tests/reports/hostile/test_no_personnummer_anywhere.py",  # 59 s
    "tests/reports/hostile/test_faults.py",  # 49 s
    "tests/operations/test_flow.py",  # 46 s
    "tests/operations/test_shared_server.py",  # 44 s
    "tests/operations/test_local_server.py",  # 43 s
    "tests/cli/test_cli.py",  # 34 s
    "tests/warehouse/test_publish.py",  # 34 s
    "tests/portal/test_portal_browser.py",  # 32 s
    "tests/indicators/test_reporting_window.py",  # 32 s
    "tests/operations/test_pipeline_live.py",  # 29 s
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(item.path).relative_to(PROJECT).as_posix()
        if path.startswith(SLOW):
            item.add_marker(pytest.mark.slow)

    def rank(item: pytest.Item) -> tuple[int, int]:
        path = Path(item.path).relative_to(PROJECT).as_posix()
        if path == TIMED_FIRST:
            return (0, 0)
        if not path.startswith(SLOW):
            return (1, 0)
        if path in LONGEST:
            return (2, LONGEST.index(path))
        return (3, 0)

    items.sort(key=rank)  # stable: within each rank, the files keep their order
