"""Shared fixtures: an isolated working folder and settings per test, one Prefect harness per session."""

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from asfetl.settings import Settings, load_settings

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent

# Prefect reads PREFECT_HOME when it is first imported: give the whole session its own, before that.
_PREFECT_HOME = tempfile.mkdtemp(prefix="asfetl-test-prefect-")
atexit.register(shutil.rmtree, _PREFECT_HOME, ignore_errors=True)
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs in its own empty folder with no ASFETL_* settings from the caller."""
    for name in list(os.environ):
        if name.startswith("ASFETL_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# Tests never reach the real services: by default the APIs point at the discard port.
UNREACHABLE = {
    "scb_base_url": "http://127.0.0.1:9/api/v2",
    "kolada_base_url": "http://127.0.0.1:9/v3",
    "http_give_up_after": 1,
}


def offline_settings(folder: Path) -> Settings:
    """Settings for a warehouse under `folder`, with the APIs pointing nowhere."""
    return load_settings(
        warehouse=folder / "warehouse" / "asf.duckdb",
        inbox=folder / "warehouse" / "inbox",
        lock_timeout=0,
        **UNREACHABLE,
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return offline_settings(tmp_path)


@pytest.fixture
def served_settings(tmp_path: Path) -> Iterator[Settings]:
    """Settings whose APIs are local imitations of SCB and Kolada."""
    from tests.imitation import KoladaImitation, ScbImitation

    with ScbImitation() as scb, KoladaImitation() as kolada:
        yield load_settings(
            warehouse=tmp_path / "warehouse" / "asf.duckdb",
            inbox=tmp_path / "warehouse" / "inbox",
            lock_timeout=0,
            scb_base_url=scb.url,
            kolada_base_url=kolada.url,
            http_give_up_after=30,
        )


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[str]:
    """One temporary Prefect server for the whole session, with its own PREFECT_HOME.

    Yields its API URL so that subprocesses (the CLI) can use it instead of starting their own.
    """
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield PREFECT_API_URL.value()


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for running `asfetl` in a subprocess: no inherited ASFETL_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASFETL_")}
    env.update(extra)
    return env


ASFETL = [sys.executable, "-m", "asfetl.cli"]
