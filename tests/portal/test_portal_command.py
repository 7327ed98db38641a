"""`asfetl portal` as an operator starts it: it serves on the configured address, and its log has
one line a request with neither the link nor anything of a file."""

import re
import signal
import socket
import subprocess
import time

import httpx

from tests.conftest import ASFETL, cli_env
from tests.portal.server import SECRET, link_path, portal_settings
from tests.reports.report_files import personnummer, valid_rows, write_csv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_command_serves_and_logs_without_links_or_contents(tmp_path):
    settings = portal_settings(tmp_path)
    port = free_port()
    env = cli_env(ASFETL_PORTAL_SECRET=SECRET, ASFETL_PORTAL_PORT=str(port),
                  ASFETL_WAREHOUSE=str(settings.warehouse), ASFETL_INBOX=str(settings.inbox),
                  ASFETL_PORTAL_SCRATCH_DIR=str(settings.portal_scratch_dir))  # fmt: skip
    server = subprocess.Popen(
        [*ASFETL, "portal"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    rows = valid_rows(1)
    number = personnummer()
    rows[0]["foretagsnamn"] = f"Kontakt {number}"
    path = link_path(settings, rows[0]["organisationsnummer"])
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    assert time.monotonic() < deadline and server.poll() is None, "not started"
                    time.sleep(0.2)
            page = client.get(path)
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            content = write_csv(tmp_path / "r.csv", rows).read_bytes()
            (tmp_path / "r.csv").unlink()
            answer = client.post(f"{path}/upload", data={"csrf": csrf},
                                 files={"file": (f"{number}.csv", content)})  # fmt: skip
            assert answer.status_code == 422
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert f"Submission page on http://127.0.0.1:{port}" in out and "Loading the checks" in out
    assert "INFO great_expectations" not in err  # other libraries' lines only from WARNING
    assert re.search(r"asfetl\.portal: GET /u/… 200 \d+ ms", err), err
    assert re.search(r"asfetl\.portal: POST /u/…/upload 422 \d+ ms", err), err
    assert f"upload through the link of {rows[0]['organisationsnummer']}: rejected, " in err
    token = path.removeprefix("/u/")
    for secret in (token, token.split(".")[1], number, number.replace("-", ""), "Kontakt"):
        assert secret not in out + err
