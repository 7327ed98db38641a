import subprocess
from pathlib import Path

import pytest

from asfetl.errors import SettingsError
from asfetl.settings import Settings, load_settings
from tests.conftest import ASFETL, cli_env


def test_defaults_follow_the_design_contract():
    s = load_settings()
    assert s.warehouse == Path("warehouse/asf.duckdb")
    assert s.inbox == Path("warehouse/inbox")
    assert s.region == "18"
    assert s.scb_base_url == "https://statistikdatabasen.scb.se/api/v2"
    assert s.kolada_base_url == "https://api.kolada.se/v3"
    assert s.first_year == 2015
    assert s.region_name == "Örebro län"


def test_environment_overrides_defaults(monkeypatch):
    monkeypatch.setenv("ASFETL_REGION", "1")
    monkeypatch.setenv("ASFETL_FIRST_YEAR", "2019")
    monkeypatch.setenv("ASFETL_SCB_BASE_URL", "http://127.0.0.1:9/api/v2/")
    s = load_settings()
    assert s.region == "01"  # zero-padded as SCB writes it
    assert s.first_year == 2019
    assert s.scb_base_url == "http://127.0.0.1:9/api/v2"


def test_toml_file_is_read_and_environment_wins(tmp_path, monkeypatch):
    (tmp_path / "asfetl.toml").write_text('region = "25"\nfirst_year = 2018\n', encoding="utf-8")
    assert load_settings().region == "25"
    monkeypatch.setenv("ASFETL_REGION", "00")
    s = load_settings()
    assert (s.region, s.first_year) == ("00", 2018)
    assert s.region_name == "Riket"


def test_config_file_from_environment(tmp_path, monkeypatch):
    config = tmp_path / "elsewhere.toml"
    config.write_text("region = 3\n", encoding="utf-8")
    monkeypatch.setenv("ASFETL_CONFIG", str(config))
    assert load_settings().region == "03"
    monkeypatch.setenv("ASFETL_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(SettingsError, match="ASFETL_CONFIG=.*is not a file"):
        load_settings()


@pytest.mark.parametrize("region", ["99", "1880", "02", "abc"])
def test_unknown_county_is_one_clear_sentence(monkeypatch, region):
    monkeypatch.setenv("ASFETL_REGION", region)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"ASFETL_REGION={region!r} is not a Swedish county code")
    assert "18" in message and "00" in message
    assert "\n" not in message


def test_unknown_setting_in_toml_is_named(tmp_path):
    (tmp_path / "asfetl.toml").write_text('regoin = "18"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="Unknown setting 'regoin'"):
        load_settings()


def test_unwritable_warehouse_path_is_one_clear_sentence(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    s = load_settings(warehouse=blocker / "asf.duckdb")
    with pytest.raises(SettingsError, match=r"^ASFETL_WAREHOUSE=.* cannot be written"):
        s.ensure_writable()


def test_settings_are_immutable_once_read():
    s = load_settings()
    with pytest.raises(ValueError):
        s.region = "01"  # type: ignore[misc]
    assert isinstance(s, Settings)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("ASFETL_REGION", "99", "ASFETL_REGION='99' is not a Swedish county code"),
        ("ASFETL_FIRST_YEAR", "last year", "ASFETL_FIRST_YEAR='last year'"),
        (
            "ASFETL_WAREHOUSE",
            "/proc/asf.duckdb",
            "ASFETL_WAREHOUSE='/proc/asf.duckdb' cannot be written",
        ),
    ],
)
def test_cli_stops_on_bad_setting_without_traceback(variable, value, expected):
    result = subprocess.run(
        [*ASFETL, "run", "--sample"],
        env=cli_env(**{variable: value}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]


def test_an_empty_plan_dir_means_the_shipped_example(monkeypatch):
    monkeypatch.setenv("ASFETL_PLAN_DIR", "")
    assert load_settings().plan_dir is None
    monkeypatch.setenv("ASFETL_PLAN_DIR", "plans/skane")
    assert load_settings().plan_dir == Path("plans/skane")
