"""`asfetl status --regions-dir`: one line per region, read from each region's own warehouse."""

import subprocess

from asfetl.operations import pipeline
from asfetl.operations.region_overview import overview, region_settings
from asfetl.settings import load_settings
from tests.conftest import ASFETL, cli_env
from tests.imitation import KoladaImitation, ScbImitation


def _regions(tmp_path):
    """Örebro from the sample data, Skåne from the imitations, Uppsala never run, Stockholm's
    file damaged, and a folder that is no region."""
    regions = tmp_path / "regions"
    base = load_settings(lock_timeout=0, http_give_up_after=30)
    pipeline.run_pipeline(region_settings(base, "18", regions / "18"), sample=True)
    with ScbImitation() as scb, KoladaImitation() as kolada:
        served = base.model_copy(update={"scb_base_url": scb.url, "kolada_base_url": kolada.url})
        skane = region_settings(served, "12", regions / "12")
        assert pipeline.run_pipeline(skane, sample=False).status == "success"
    (regions / "03" / "inbox").mkdir(parents=True)
    (regions / "01").mkdir()
    (regions / "01" / "asf.duckdb").write_bytes(b"not a database" * 1000)
    (regions / "notes").mkdir()
    return base, regions


def test_one_line_per_region_and_exit_3_when_one_needs_a_look(tmp_path):
    base, regions = _regions(tmp_path)

    lines = {line.code: line for line in overview(base, regions)}
    assert list(lines) == ["01", "03", "12", "18"]  # not "notes"
    assert (lines["18"].name, lines["18"].last_status, lines["18"].problem) == (
        "Örebro län", "success", ""
    )  # fmt: skip
    assert (lines["12"].name, lines["12"].last_status) == ("Skåne län", "success")
    assert (lines["18"].data, lines["12"].data) == ("sample", "live")
    assert lines["12"].published_at is not None and lines["12"].problem == ""
    assert (lines["03"].last_status, lines["03"].problem) == ("never run", "never published")
    assert lines["01"].last_status == "unreadable"
    assert str(regions / "01" / "asf.duckdb") in lines["01"].problem

    result = subprocess.run(
        [*ASFETL, "status", "--regions-dir", str(regions), "--check"],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    assert "2 of 4 regions need a look." in result.stdout
    table = {line.split()[0]: line for line in result.stdout.splitlines() if line[:2].isdigit()}
    assert set(table) == {"01", "03", "12", "18"}
    assert "Skåne län" in table["12"] and "success" in table["12"]
    assert result.stderr.startswith("asfetl status --check: Stockholms län: ")
    assert "Uppsala län: never published" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_without_regions_is_one_sentence(tmp_path):
    (tmp_path / "empty").mkdir()
    result = subprocess.run(
        [*ASFETL, "status", "--regions-dir", str(tmp_path / "empty")],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "holds no region folders" in result.stderr and "Traceback" not in result.stderr
