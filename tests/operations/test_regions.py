"""prefect.yaml's deployments once per region: names, queues, and each region's own folders."""

import subprocess

import pytest

from asfetl.errors import SettingsError
from flows.deployments import deployment_specs
from flows.regions import region_code, region_specs
from tests.background import free_port
from tests.conftest import ASFETL, cli_env


def test_each_region_gets_every_scheduled_deployment_with_its_own_folder_and_queue(tmp_path):
    (tmp_path / "12" / "plan").mkdir(parents=True)  # only Skåne has a plan of its own
    specs = region_specs(deployment_specs(), ["18", "12"], tmp_path)

    assert [s["name"] for s in specs] == [
        "open-statistics-18", "report-inbox-18", "full-refresh-18",
        "open-statistics-12", "report-inbox-12", "full-refresh-12",
    ]  # fmt: skip
    by_name = {s["name"]: s for s in specs}
    skane = by_name["report-inbox-12"]
    assert skane["work_pool"]["name"] == "asfetl"
    assert skane["work_pool"]["work_queue_name"] == "region-12"
    assert skane["tags"] == ["asfetl", "reports", "region-12"]
    assert skane["description"].startswith("Skåne län: Take in the enterprises' report files")
    assert skane["work_pool"]["job_variables"]["env"] == {
        "PREFECT_LOGGING_EXTRA_LOGGERS": "asfetl",
        "ASFETL_REGION": "12",
        "ASFETL_WAREHOUSE": str(tmp_path / "12" / "asf.duckdb"),
        "ASFETL_INBOX": str(tmp_path / "12" / "inbox"),
        "ASFETL_PLAN_DIR": str(tmp_path / "12" / "plan"),
    }
    orebro = by_name["open-statistics-18"]["work_pool"]["job_variables"]["env"]
    assert "ASFETL_PLAN_DIR" not in orebro  # no plan folder: the shipped example plan
    assert orebro["ASFETL_WAREHOUSE"] == str(tmp_path / "18" / "asf.duckdb")
    # Schedules and parameters are prefect.yaml's, unchanged; the template is not modified.
    assert by_name["open-statistics-12"]["schedules"][0]["cron"] == "0 5 * * 1"
    assert by_name["open-statistics-12"]["parameters"] == {"statistics": True, "reports": False}
    assert deployment_specs()[0]["name"] == "open-statistics"
    assert "ASFETL_REGION" not in deployment_specs()[0]["work_pool"]["job_variables"]["env"]


@pytest.mark.parametrize(
    ("given", "code"), [("18", "18"), ("1", "01"), ("Skåne län", "12"), ("skåne län", "12")]
)
def test_a_region_is_named_by_code_or_name(given, code):
    assert region_code(given) == code


@pytest.mark.parametrize("given", ["1880", "99", "Örebro", "00"])
def test_anything_but_a_county_is_refused_in_one_sentence(given):
    with pytest.raises(SettingsError, match=f"--region {given!r} is not a Swedish county"):
        region_code(given)


def test_deploy_refuses_an_unknown_region_before_asking_any_server(tmp_path):
    result = subprocess.run(
        [*ASFETL, "deploy", "--region", "18", "--region", "77"],
        env=cli_env(
            PREFECT_HOME=str(tmp_path / "home"),
            PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("asfetl: --region '77' is not a Swedish county; use one of 01,")
    assert "Traceback" not in result.stderr
