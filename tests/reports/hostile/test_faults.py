"""Faults end in one sentence, never a traceback: a damaged published warehouse, a build that
cannot be copied, a dashboard that cannot be written."""

import pytest

from asfetl.cli.main import main
from asfetl.errors import AsfetlError
from asfetl.warehouse.publish import Build, build_path


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
    warehouse.write_bytes(b"x")

    def full(source, target):
        open(target, "wb").write(b"partial")  # noqa: SIM115
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", full)
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
