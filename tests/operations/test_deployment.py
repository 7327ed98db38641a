"""Scheduled operation end to end: a real `prefect server`, a process work pool, a worker,
`asfetl deploy`, and deployment runs that update the warehouse.

Everything runs on 127.0.0.1 with its own PREFECT_HOME; the flow runs fetch from the local
imitations of SCB and Kolada (never the internet). Every process started here is stopped in a
`finally`, by process group, also when the test fails; the whole test is bounded in time.
"""

import json
import re
import subprocess
import sys
import time
from datetime import datetime

import duckdb
import pytest
import requests

from tests.background import (
    PREFECT,
    background,
    flow_run_state,
    free_port,
    healthy,
    prefect_env,
    run,
    running,
    wait_until,
)
from tests.conftest import ASFETL, cli_env

BUDGET_SECONDS = 240  # the whole test; it usually takes about a minute on 2 cores


def test_deploy_to_a_real_server_run_by_a_worker_updates_the_warehouse(tmp_path, prefect_home):
    from tests.imitation import KoladaImitation, ScbImitation

    started = time.monotonic()
    deadline = started + BUDGET_SECONDS
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    warehouse = tmp_path / "warehouse" / "asf.duckdb"
    logs = tmp_path / "logs"
    logs.mkdir()
    env = prefect_env(cli_env(), prefect_home, api)  # its database migrated already

    with ScbImitation() as scb, KoladaImitation() as kolada, background(logs) as processes:
        try:
            processes.start(
                "server",
                [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                env,
            )
            wait_until(lambda: healthy(api), deadline, "the Prefect server to answer")

            run(
                [*PREFECT, "work-pool", "create", "asfetl", "--type", "process"],
                env,
                deadline,
                logs,
            )
            worker_env = {
                **env,
                "ASFETL_WAREHOUSE": str(warehouse),
                "ASFETL_SCB_BASE_URL": scb.url,
                "ASFETL_KOLADA_BASE_URL": kolada.url,
                "ASFETL_HTTP_GIVE_UP_AFTER": "30",
                "ASFETL_INBOX_SETTLE_SECONDS": "0",
                "PREFECT_WORKER_QUERY_SECONDS": "1",
            }
            processes.start(
                "worker",
                [*PREFECT, "worker", "start", "--pool", "asfetl", "--type", "process"],
                worker_env,
            )

            out = run([*ASFETL, "deploy"], env, deadline, logs)
            assert "Registered 4 deployments" in out, out
            deployment = requests.get(
                f"{api}/deployments/name/asf_pipeline/open-statistics", timeout=10
            ).json()
            (schedule,) = deployment["schedules"]
            assert schedule["schedule"]["cron"] == "0 5 * * 1"
            assert schedule["schedule"]["timezone"] == "Europe/Stockholm"
            assert deployment["work_pool_name"] == "asfetl"

            # Two runs at once, as two schedules may fire together: no Prefect concurrency limit
            # exists on this server, so only the writer lock keeps them from writing together.
            inbox = requests.get(
                f"{api}/deployments/name/asf_pipeline/report-inbox", timeout=10
            ).json()
            second = requests.post(
                f"{api}/deployments/{inbox['id']}/create_flow_run", json={}, timeout=10
            ).json()["id"]
            out = run(
                [*PREFECT, "deployment", "run", "asf_pipeline/open-statistics"], env, deadline, logs
            )
            first = re.search(r"UUID: ([0-9a-f-]{36})", out).group(1)

            states = {
                run_id: wait_until(
                    lambda run_id=run_id: flow_run_state(api, run_id),
                    deadline,
                    f"flow run {run_id} to finish",
                    interval=1,
                )
                for run_id in (first, second)
            }
            assert states == {first: "COMPLETED", second: "COMPLETED"}, processes.tails()

            artifacts = requests.post(
                f"{api}/artifacts/filter",
                json={"artifacts": {"flow_run_id": {"any_": [first]}}},
                timeout=10,
            ).json()
            (artifact,) = [a for a in artifacts if a["key"] == "asf-pipeline-run"]
            assert "| scb_population | 2 | 0 | refreshed |" in artifact["data"]
        except BaseException:
            print(processes.tails())
            raise

    with duckdb.connect(str(warehouse), read_only=True) as con:
        populations = con.execute(
            "select count(*) from mart.indicator_values where indicator_id = 'population'"
        ).fetchone()[0]
        rows = con.execute(
            "select started_at, finished_at, status, mode, step_counts from ops.runs "
            "order by started_at"
        ).fetchall()
    assert populations > 0
    assert [(status, mode) for _s, _f, status, mode, _c in rows] == [("success", "live")] * 2
    steps = sorted(tuple(sorted(json.loads(r[4]))) for r in rows)
    assert any("extract" in s and "reports" not in s for s in steps)  # open-statistics
    assert any("reports" in s and "extract" not in s for s in steps)  # report-inbox
    (_first_start, first_end, *_), (second_start, *_) = rows
    assert isinstance(first_end, datetime) and second_start >= first_end  # never wrote together
    assert time.monotonic() - started < BUDGET_SECONDS


@pytest.mark.parametrize("command", ["deploy", "serve"])
def test_deploy_and_serve_say_what_to_do_without_a_server(command, tmp_path):
    result = subprocess.run(
        [*ASFETL, command],
        env=cli_env(
            PREFECT_HOME=str(tmp_path / "home"),
            PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "does not answer: start one with `prefect server start`" in result.stderr
    assert "Traceback" not in result.stderr


def test_stopping_reaches_children_in_sessions_of_their_own(tmp_path):
    """Like a flow run started by the worker: a child in a new session is stopped too."""
    pid_file = tmp_path / "child.pid"
    code = (
        "import subprocess, sys, time, pathlib\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'],"
        " start_new_session=True)\n"
        f"pathlib.Path({str(pid_file)!r}).write_text(str(child.pid))\n"
        "time.sleep(300)\n"
    )
    with background(tmp_path) as processes:
        processes.start("parent", [sys.executable, "-c", code], cli_env())
        wait_until(
            lambda: pid_file.exists() and pid_file.read_text(), time.monotonic() + 30, "the child"
        )
        child = int(pid_file.read_text())
    assert processes.started[0].poll() is not None
    wait_until(lambda: not running(child), time.monotonic() + 10, "the child to end")


def test_serve_offers_the_scheduled_deployments_of_prefect_yaml():
    from flows.deployments import runner_deployments

    served = {d.name: d for d in runner_deployments()}
    assert set(served) == {"open-statistics", "report-inbox", "full-refresh"}  # not the sample
    weekly = served["open-statistics"].schedules[0].schedule
    assert (weekly.cron, weekly.timezone) == ("0 5 * * 1", "Europe/Stockholm")
    daily = served["report-inbox"].schedules[0].schedule
    assert (daily.cron, daily.timezone) == ("30 6 * * *", "Europe/Stockholm")
    assert served["report-inbox"].parameters == {"statistics": False, "reports": True}
    assert served["full-refresh"].schedules == []
