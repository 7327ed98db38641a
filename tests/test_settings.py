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


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("ASFETL_REPORT_MAX_BYTES", "-1", "must be a number greater than 0"),
        ("ASFETL_REPORT_MAX_UNPACKED_BYTES", "0", "must be a number greater than 0"),
        ("ASFETL_REPORT_MAX_CELLS", "-1", "must be a number greater than 0"),
        ("ASFETL_REPORT_MAX_ROWS", "-1", "must be a number greater than 0"),
        ("ASFETL_REPORT_MAX_SHEETS", "0", "must be a number greater than 0"),
        ("ASFETL_REPORT_MAX_SECONDS", "-1", "must be a number greater than 0"),
        ("ASFETL_REPORT_MAX_SECONDS", "nan", "must be a number greater than 0"),
        ("ASFETL_INBOX_SETTLE_SECONDS", "-1", "seconds from 0 to 3600"),
        ("ASFETL_INBOX_SETTLE_SECONDS", "inf", "seconds from 0 to 3600"),
        ("ASFETL_PORTAL_UPLOADS_PER_HOUR", "-5", "uploads from 1 to 100000"),
        ("ASFETL_PORTAL_PORT", "99999", "port number from 1 to 65535"),
        ("ASFETL_PORTAL_PORT", "0", "port number from 1 to 65535"),
        ("ASFETL_LOCK_TIMEOUT", "inf", "seconds, 0 or more"),
        ("ASFETL_HTTP_TIMEOUT", "-1", "seconds, 0 or more"),
        ("ASFETL_STALE_GRACE_DAYS", "nan", "days greater than 0"),
    ],
)
def test_every_number_setting_is_checked_in_one_sentence(monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(f"{variable}=") and expected in str(raised.value)


def test_no_validator_of_the_settings_classes_hides_another_by_its_name():
    """Settings inherits the report and portal settings: a validator of the same name in a
    subclass replaces the parent's silently (negative budgets were accepted that way)."""
    from asfetl.settings.portal import PortalSettings
    from asfetl.settings.reports import ReportSettings

    names = [
        name for cls in (Settings, ReportSettings, PortalSettings)
        for name in cls.__pydantic_decorators__.field_validators if name in vars(cls)
    ]  # fmt: skip
    assert len(names) == len(set(names)) and len(names) >= 12, names


def test_a_warehouse_setting_naming_a_folder_says_so(tmp_path):
    result = subprocess.run([*ASFETL, "status"], env=cli_env(ASFETL_WAREHOUSE=str(tmp_path)),
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert f"ASFETL_WAREHOUSE='{tmp_path}' is a folder" in line and "asf.duckdb" in line


@pytest.mark.parametrize("days", ["nan", "inf", "1e300", "-1", "0", "401"])
def test_a_link_expiry_is_finite_and_at_most_400_days(days, tmp_path):
    result = subprocess.run(
        [*ASFETL, "portal", "link", "556036-0793", "--expires", days],
        env=cli_env(ASFETL_PORTAL_SECRET="s" * 40, ASFETL_WAREHOUSE=str(tmp_path / "asf.duckdb")),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and result.stdout == "", result.stdout
    assert (
        result.stderr.strip()
        == "asfetl: --expires must be a number of days from more than 0 to 400."
    )


def test_revoke_from_another_folder_says_where_it_looked_and_writes_nothing(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = cli_env(ASFETL_PORTAL_SECRET="s" * 40, ASFETL_WAREHOUSE="warehouse/asf.duckdb")
    result = subprocess.run([*ASFETL, "portal", "revoke", "556036-0793"], env=env, cwd=elsewhere,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"No warehouse folder at {elsewhere / 'warehouse'}" in result.stderr
    assert list(elsewhere.iterdir()) == []
    (elsewhere / "warehouse").mkdir()
    done = subprocess.run([*ASFETL, "portal", "revoke", "556036-0793"], env=env, cwd=elsewhere,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (
        done.returncode == 0 and str(elsewhere / "warehouse" / "portal_revoked.json") in done.stdout
    )
