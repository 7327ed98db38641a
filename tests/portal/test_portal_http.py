"""The portal over HTTP, against the real server (uvicorn on 127.0.0.1): links, headers, CSRF,
rate limit, size limit while streaming, the link's binding and personnummer."""

import contextlib
import logging
import socket
import time
from pathlib import Path

from asfetl.portal.links import revoke, revoked_file
from tests.portal.server import (
    csrf_of,
    csv_bytes,
    everything_under,
    link_path,
    portal_settings,
    running_portal,
    send,
)
from tests.reports.report_files import personnummer, valid_rows, write_csv

FORBIDDEN_SV = "Åtkomst nekad"


def test_no_link_a_forged_an_expired_or_a_revoked_one_gets_a_plain_403(portal, settings, rows):
    orgnr = rows[0]["organisationsnummer"]
    good = link_path(settings, orgnr)
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    expired = link_path(settings, orgnr, days=1, now=time.time() - 2 * 86400)
    revoked = link_path(settings, orgnr)
    revoke(revoked_file(settings), "org", orgnr)
    later = link_path(settings, orgnr)  # made after the revocation: valid
    for path in ("/", "/u/", forged, expired, revoked, f"{forged}/template.csv", "/etc/passwd"):
        answer = portal.get(path)
        assert answer.status_code == 403, path
        assert FORBIDDEN_SV in answer.text and "<form" not in answer.text, path
    assert portal.post(f"{expired}/upload", files={"file": ("a.csv", b"x")}).status_code == 403
    assert portal.get(good).status_code == 403  # made before the revocation
    assert portal.get(later).status_code == 200
    assert "Access denied" in portal.get(f"{forged}?lang=en").text


def test_every_answer_carries_strict_security_headers(portal, settings, rows):
    page = link_path(settings, rows[0]["organisationsnummer"])
    for path in (page, "/", "/static/portal.css", "/static/portal.js", f"{page}/template.xlsx"):
        headers = portal.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, path
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "same-origin", path  # the link is a secret
        assert headers["cache-control"] == "no-store", path
        assert "server" not in headers, path
    html = portal.get(page).text
    assert "<script>" not in html and "<style" not in html and " style=" not in html


def test_the_templates_come_through_the_link_in_both_formats(portal, settings, rows):
    page = link_path(settings, rows[0]["organisationsnummer"])
    xlsx = portal.get(f"{page}/template.xlsx?lang=en")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    csv = portal.get(f"{page}/template.csv?lang=sv")
    text = csv.content.decode("utf-8-sig")  # headed in words, the link's number filled in
    assert text.startswith("Organisationsnummer;Företagsnamn;")
    assert text.splitlines()[1].startswith(rows[0]["organisationsnummer"] + ";")
    assert portal.get(f"{page}/template.exe").status_code == 403


def test_a_missing_wrong_or_another_links_csrf_token_is_refused(portal, settings, rows, tmp_path):
    path = link_path(settings, rows[0]["organisationsnummer"])
    other = link_path(settings, "556036-0793")
    content = csv_bytes(tmp_path, rows)
    for csrf in (None, "123.abc", csrf_of(portal.get(other))):
        assert send(portal, path, content, csrf=csrf).status_code == 403
    cross_site = portal.post(
        f"{path}/upload", headers={"origin": "https://evil.example"},
        data={"csrf": csrf_of(portal.get(path))}, files={"file": ("r.csv", content)},
    )  # fmt: skip
    assert cross_site.status_code == 403
    assert everything_under(settings.inbox) == []


def test_uploads_past_the_links_rate_limit_get_429(portal, settings, rows):
    path = link_path(settings, rows[0]["organisationsnummer"])
    statuses = [portal.post(f"{path}/upload", content=b"").status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]
    assert "För många försök" in portal.post(f"{path}/upload").text
    other = link_path(settings, "556036-0793")  # another link has its own count
    assert portal.post(f"{other}/upload", content=b"").status_code == 400


def test_another_enterprises_rows_through_a_link_are_refused_with_a_clear_message(
    portal, settings, tmp_path
):
    mine, theirs = valid_rows(2)
    answer = send(portal, link_path(settings, mine["organisationsnummer"]),
                  csv_bytes(tmp_path, [mine, theirs]))  # fmt: skip
    assert answer.status_code == 422
    assert "Filen avvisades: ingenting har sparats." in answer.text
    assert f"länken gäller bara organisationsnummer {mine['organisationsnummer']}" in answer.text
    assert 'data-rule="link_other_subject"' in answer.text
    assert answer.text.count('data-rule="link_other_subject"') == 1  # the other one's row only
    assert everything_under(settings.inbox) == []


def test_an_activity_owners_link_takes_only_its_own_activities(portal, settings, tmp_path, rows):
    from asfetl.portal.links import owner_activities, owners

    owner = next(o for o in owners() if 0 < len(owner_activities(o)) < 18)
    path = link_path(settings, owner, kind="owner")
    assert portal.get(path).status_code == 200
    own = sorted(owner_activities(owner))[0]
    not_own = next(f"A{n:02d}" for n in range(1, 19) if f"A{n:02d}" not in owner_activities(owner))
    follow_up = f"aktivitet;ar;status\r\n{own};2024;paborjad\r\n{not_own};2024;avslutad\r\n"
    answer = send(portal, path, follow_up.encode(), name="uppfoljning.csv")
    assert answer.status_code == 422 and "länken gäller aktiviteterna som" in answer.text
    report = send(portal, path, csv_bytes(tmp_path, rows))  # an enterprise report: not this link's
    assert report.status_code == 422 and 'data-rule="link_wrong_kind"' in report.text
    accepted = send(portal, path, f"aktivitet;ar;status\r\n{own};2024;paborjad\r\n".encode())
    assert accepted.status_code == 200, accepted.text[-2000:]
    assert [p.name.startswith("portal_aktiviteter_") for p in settings.inbox.iterdir()] == [True]


def test_a_file_with_a_personnummer_is_rejected_and_nothing_of_it_is_kept(
    portal, settings, rows, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    number = personnummer()
    rows[0]["foretagsnamn"] = f"Kontakt {number}"
    content = csv_bytes(tmp_path, rows)
    (tmp_path / "made.csv").unlink()  # the test's own copy: the scan below must find nothing
    answer = send(portal, link_path(settings, rows[0]["organisationsnummer"]), content,
                  name=f"rapport {number}.csv")  # fmt: skip
    assert answer.status_code == 422 and 'data-rule="personnummer_found"' in answer.text
    digits = number.replace("-", "")
    assert number not in answer.text and digits not in answer.text
    assert "ÅÅMMDD-XXXX" in answer.text  # the file's name, as shown back
    assert everything_under(settings.inbox) == []
    # where the check's copy went: the portal's own scratch folder, empty but for its lock
    assert [p.name for p in settings.portal_scratch_dir.rglob("*") if p.is_file()] == [".lock"]
    for path in everything_under(tmp_path):
        text = path.read_bytes()
        assert number.encode() not in text and digits.encode() not in text, path
    assert number not in caplog.text and digits not in caplog.text


def raw_request(url: str, head: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    conn = socket.create_connection((host, int(port)), timeout=10)
    conn.sendall(head.encode())
    return conn


def test_a_body_declared_too_large_is_answered_413_before_a_byte_of_it_is_sent(portal, settings):
    path = link_path(settings, "556036-0793")
    conn = raw_request(str(portal.base_url), (
        f"POST {path}/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 10000000000\r\n\r\n"
    ))  # fmt: skip
    with conn:
        answer = conn.recv(65536).decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413 "), answer[:200]
    assert "Filen är för stor" in answer or "413" in answer


def test_a_streamed_body_is_cut_off_with_413_once_it_passes_the_limit(tmp_path):
    settings = portal_settings(tmp_path, report_max_bytes=100_000)
    planned, sent, chunk = 50_000_000, 0, b"a" * 16384
    with running_portal(settings) as url:
        path = link_path(settings, "556036-0793")
        conn = raw_request(url, (
            f"POST {path}/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n"
        ))  # fmt: skip
        answer = b""
        with conn:
            conn.settimeout(0.05)
            while sent < planned and not answer:
                try:
                    conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    break
                with contextlib.suppress(TimeoutError):
                    answer = conn.recv(65536)
            conn.settimeout(5)
            while not answer:
                answer = conn.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert sent < 1_000_000 < planned  # answered long before the body ended
    assert everything_under(settings.inbox) == []


def test_a_personnummer_in_the_files_name_rejects_it_as_the_inbox_would(portal, settings, rows):
    number = personnummer()
    content = write_csv(Path("clean.csv"), rows).read_bytes()
    answer = send(portal, link_path(settings, rows[0]["organisationsnummer"]), content,
                  name=f"rapport {number}.csv")  # fmt: skip
    assert answer.status_code == 422 and 'data-rule="personnummer_found"' in answer.text
    assert number not in answer.text and everything_under(settings.inbox) == []


def test_a_damaged_list_of_revoked_links_refuses_every_link(portal, settings, rows, caplog):
    path = link_path(settings, rows[0]["organisationsnummer"])
    assert portal.get(path).status_code == 200
    revoked_file(settings).parent.mkdir(parents=True, exist_ok=True)
    revoked_file(settings).write_text("{broken")
    assert portal.get(path).status_code == 403
    assert "not a list of revoked links" in caplog.text


def test_a_newline_in_a_request_path_never_forges_a_log_line(portal, caplog):
    caplog.set_level(logging.INFO, logger="asfetl.portal")
    assert portal.get("/static/x%0A2026-12-07 ERROR forged").status_code == 404
    said = [r.getMessage() for r in caplog.records if r.name == "asfetl.portal"]
    assert any("\\n2026-12-07" in line for line in said), said
    assert all("\n" not in line for line in said)
