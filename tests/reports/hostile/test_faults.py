"""Faults end in one sentence, never a traceback: a damaged published warehouse, a build that
cannot be copied, a dashboard that cannot be written."""

import pytest

from asfetl.cli.main import main
from asfetl.errors import AsfetlError
from asfetl.warehouse.publish import Build, build_path, working_path


@pytest.fixture
def damaged(tmp_path, monkeypatch):
    warehouse = tmp_path / "asf.duckdb"
    warehouse.write_bytes(b"\x00" * 4096 + b"DUCK" * 4096)  # its first 4 KB overwritten
    monkeypatch.setenv("ASFETL_WAREHOUSE", str(warehouse))
    return warehouse


@pytest.mark.parametrize("command", [["status"], ["indicators"], ["dashboard", "--out", "x.html"]])
def test_a_damaged_warehouse_is_named_with_a_way_to_recover(damaged, command, capsys, tmp_path,
                                                             monkeypatch):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert f"{damaged} is damaged" in err and "asfetl run" in err and ".build" not in err


def test_a_run_on_a_damaged_warehouse_leaves_no_build(damaged):
    with pytest.raises(AsfetlError, match="is damaged"):
        Build(damaged)
    assert not build_path(damaged).exists()


def test_a_build_that_cannot_be_copied_leaves_nothing(tmp_path, monkeypatch):
    import shutil

    warehouse = tmp_path / "asf.duckdb"
    working_path(warehouse).write_bytes(b"x")  # the working file is what a build copies

    def full(source, target, *args):
        target.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full)
    with pytest.raises(AsfetlError, match="No space left on device"):
        Build(warehouse)
    assert not build_path(warehouse).exists()


def test_a_dashboard_that_cannot_be_written_is_one_sentence(tmp_path, capsys, monkeypatch):
    from asfetl.dashboard import render

    monkeypatch.setenv("ASFETL_WAREHOUSE", str(tmp_path / "asf.duckdb"))
    monkeypatch.setattr(render, "connect_read_only", lambda path: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied", str(tmp_path))))  # fmt: skip
    assert main(["dashboard", "--out", str(tmp_path / "ro" / "d.html")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--out" in err and "Permission denied" in err


# The disk fills up at one point of a whole `asfetl run --sample` (the Prefect flow, as by hand).
FULL_DISK_RUN = """
import errno, sys, duckdb
from asfetl.cli.main import main
from asfetl.operations import pipeline, statistics
from asfetl.reports import filing
from asfetl.indicators import transform
from asfetl.warehouse import publish

def no_space(*args, **kwargs):
    if sys.argv[1] == "checkpoint":  # DuckDB's words when the checkpoint of the build fails
        raise duckdb.FatalException(
            "FATAL Error: Failed to create checkpoint because of error: Could not write file "
            '"asf.duckdb.build": No space left on device')
    if sys.argv[1] == "transform":  # DuckDB's own words when its file cannot grow
        raise duckdb.IOException(
            'IO Error: Could not write file "asf.duckdb.build.wal": No space left on device')
    raise OSError(errno.ENOSPC, "No space left on device", "warehouse/some.file")

module, name = {"landing": (statistics, "land"), "transform": (transform, "run_models"),
                "exports": (pipeline, "write_exports"), "filing": (filing, "_move"),
                "checkpoint": (publish.Build, "publish")}[sys.argv[1]]
setattr(module, name, no_space)
sys.exit(main(["run", "--sample"]))
"""


@pytest.mark.parametrize(
    ("where", "published"),
    [
        ("landing", False),
        ("transform", False),
        ("checkpoint", False),
        ("exports", True),
        ("filing", True),
    ],
)
def test_a_full_disk_anywhere_in_a_run_prints_no_traceback(where, published, settings,
                                                           sample_run, prefect_api):  # fmt: skip
    import subprocess
    import sys

    from tests.conftest import cli_env

    # after a sample run (`sample_run`): the publication a full disk must not touch
    before = settings.warehouse.read_bytes()
    if where == "landing":  # the payloads are new to this warehouse: they are written again
        for landed in (settings.warehouse_dir / "landing").rglob("*.json"):
            landed.unlink()
    run = subprocess.run(
        [sys.executable, "-c", FULL_DISK_RUN, where],
        env=cli_env(ASFETL_WAREHOUSE=str(settings.warehouse), PREFECT_API_URL=prefect_api),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output
    if published:  # after publishing: the run succeeded, the lines say what was not done
        assert "No space left on device" in output  # each line still says why
        assert run.returncode == 0, output
        assert settings.warehouse.read_bytes() != before
    else:
        assert run.returncode == 1, output
        (last,) = [line for line in run.stderr.splitlines() if line.startswith("asfetl:")]
        assert "is full" in last and "free some space" in last
        # the one sentence only: Prefect's copies of it are hidden by hand (issue 27; -v shows them)
        assert output.count("is full") == 1, output
        assert settings.warehouse.read_bytes() == before
    assert not build_path(settings.warehouse).exists()
