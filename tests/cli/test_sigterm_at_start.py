"""SIGTERM while a hand run is still starting, in the middle of importing a compiled library:
the run ends with exit 143 and its one sentence, never with the interpreter aborting.

Seen in the suite: the signal came while DuckDB's module built its enums (nanobind), the handler
raised there, and the process aborted (exit -6) printing "Critical nanobind error" and a
traceback. Here the signal is sent at exactly that point: from a profile hook, at the first
enum DuckDB creates while it is imported (the run imports DuckDB before Prefect loads).
"""

import subprocess
import sys

from asfetl.cli.run import STOPPED
from tests.conftest import cli_env

AT_DUCKDB_ENUM = """
import os, signal, sys
from asfetl.cli.main import main

def send_once(frame, event, arg):  # the first enum made while DuckDB is being imported
    if event == "call" and frame.f_code.co_name == "_create_" and "duckdb" in sys.modules:
        sys.setprofile(None)
        os.kill(os.getpid(), signal.SIGTERM)

assert "duckdb" not in sys.modules
sys.setprofile(send_once)
sys.exit(main(["run", "--sample"]))
"""


def test_sigterm_inside_duckdb_s_import_ends_the_run_with_143_and_its_sentence(tmp_path):
    warehouse = tmp_path / "asf.duckdb"
    ended = subprocess.run(
        [sys.executable, "-c", AT_DUCKDB_ENUM],
        env=cli_env(ASFETL_WAREHOUSE=str(warehouse), PREFECT_API_URL="http://127.0.0.1:9/api"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ended.returncode == 143, ended.stderr
    assert ended.stderr.strip() == STOPPED, ended.stderr  # no traceback, no nanobind error
    assert ended.stdout.startswith("asfetl run: sample data"), ended.stdout  # the first line came
    assert not warehouse.exists()
