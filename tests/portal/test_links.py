"""Upload links, CSRF tokens and the rate limit, as units; `asfetl portal link|revoke` as a user
runs them."""

import json
import subprocess

import pytest

from asfetl.errors import AsfetlError, SettingsError
from asfetl.portal import links
from asfetl.portal.links import LinkError, make_token, read_revoked, revoke, verify_token
from asfetl.portal.security import CSRF_SECONDS, RateLimit, csrf_token, csrf_valid, same_origin
from tests.conftest import ASFETL, cli_env
from tests.portal.server import SECRET, portal_settings

KEY = SECRET.encode()
ORGNR = "556677-8899"
NOW = 1_800_000_000.0


def test_a_token_holds_its_subject_until_it_expires():
    token = make_token(KEY, "org", ORGNR, days=2, now=NOW)
    link = verify_token(KEY, token, {}, now=NOW + 86400)
    assert (link.kind, link.subject, link.expires) == ("org", ORGNR, int(NOW + 2 * 86400))
    with pytest.raises(LinkError, match="expired"):
        verify_token(KEY, token, {}, now=NOW + 2 * 86400)


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
        lambda t: t.replace(t.split(".")[0], t.split(".")[0][:-3] + "xyz"),  # payload changed
        lambda t: make_token(b"another secret of enough length......", "org", ORGNR, 1, NOW),
        lambda t: "not-a-token",
        lambda t: "",
    ],
    ids=["signature", "payload", "other-secret", "garbage", "empty"],
)
def test_a_forged_or_malformed_token_is_refused(change):
    token = make_token(KEY, "org", ORGNR, days=2, now=NOW)
    with pytest.raises(LinkError):
        verify_token(KEY, change(token), {}, now=NOW)


def test_another_subject_cannot_be_written_into_a_signed_token():
    token = make_token(KEY, "org", ORGNR, days=2, now=NOW)
    payload, sig = token.split(".")
    other = make_token(KEY, "org", "556036-0793", days=2, now=NOW).split(".")[0]
    with pytest.raises(LinkError, match="forged"):
        verify_token(KEY, f"{other}.{sig}", {}, now=NOW)
    assert verify_token(KEY, f"{payload}.{sig}", {}, now=NOW).subject == ORGNR


def test_revoking_ends_the_links_made_so_far_and_not_later_ones(tmp_path):
    path = tmp_path / "portal_revoked.json"
    before = make_token(KEY, "org", ORGNR, days=9, now=NOW)
    other = make_token(KEY, "org", "556036-0793", days=9, now=NOW)
    revoke(path, "org", ORGNR, now=NOW + 10)
    revoked = read_revoked(path)
    with pytest.raises(LinkError, match="revoked"):
        verify_token(KEY, before, revoked, now=NOW + 20)
    assert verify_token(KEY, other, revoked, now=NOW + 20).subject == "556036-0793"
    after = make_token(KEY, "org", ORGNR, days=9, now=NOW + 30)
    assert verify_token(KEY, after, revoked, now=NOW + 40).subject == ORGNR
    assert [p.name for p in tmp_path.iterdir()] == ["portal_revoked.json"]  # no temporary left
    assert json.loads(path.read_text()) == {f"org:{ORGNR}": int((NOW + 10) * 1000)}


def test_a_damaged_revocation_file_is_one_sentence(tmp_path):
    path = tmp_path / "portal_revoked.json"
    path.write_text("[1, 2")
    with pytest.raises(AsfetlError, match="not a list of revoked links"):
        read_revoked(path)


def test_the_secret_is_required_and_long(tmp_path):
    with pytest.raises(SettingsError, match="ASFETL_PORTAL_SECRET must be set"):
        links.secret_of(portal_settings(tmp_path, portal_secret=None))
    with pytest.raises(SettingsError, match="at least 32"):
        links.secret_of(portal_settings(tmp_path, portal_secret="short"))


def test_a_subject_is_a_valid_organisationsnummer_or_an_owner_the_plan_names():
    assert links.subject_of("5566778899", None) == ("org", ORGNR)
    with pytest.raises(AsfetlError, match="not a valid organisationsnummer"):
        links.subject_of("556677-8898", None)
    owner = links.owners()[0]
    assert links.subject_of(None, owner) == ("owner", owner)
    assert links.owner_activities(owner)
    with pytest.raises(AsfetlError, match="owns no activity"):
        links.subject_of(None, "Nobody")


def test_a_csrf_token_is_bound_to_its_link_and_expires():
    token = csrf_token(KEY, "link-a", now=NOW)
    assert csrf_valid(KEY, "link-a", token, now=NOW + 60)
    assert not csrf_valid(KEY, "link-b", token, now=NOW + 60)
    assert not csrf_valid(KEY, "link-a", token, now=NOW + CSRF_SECONDS + 1)
    assert not csrf_valid(KEY, "link-a", None, now=NOW)
    assert not csrf_valid(KEY, "link-a", token[:-1] + ("1" if token[-1] == "0" else "0"), now=NOW)


def test_a_request_from_another_site_is_told_apart():
    assert same_origin({"host": "portal.example"})
    assert same_origin({"host": "portal.example", "origin": "https://portal.example"})
    assert not same_origin({"host": "portal.example", "origin": "https://evil.example"})
    assert not same_origin({"host": "portal.example", "sec-fetch-site": "cross-site"})


def test_the_rate_limit_counts_per_key_in_a_sliding_window():
    limit = RateLimit(2, window=60)
    assert [limit.allow("a", now=t) for t in (0, 1, 2)] == [True, True, False]
    assert limit.allow("b", now=2)
    assert limit.allow("a", now=61)


def asfetl(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*ASFETL, *args], env=cli_env(**env), capture_output=True, text=True, timeout=120
    )


def test_link_prints_a_working_link_and_revoke_ends_it(tmp_path):
    env = {"ASFETL_PORTAL_SECRET": SECRET, "ASFETL_WAREHOUSE": str(tmp_path / "w" / "asf.duckdb"),
           "ASFETL_PORTAL_URL": "https://asf.example.se/"}  # fmt: skip
    made = asfetl("portal", "link", "5566778899", "--expires", "3", **env)
    assert made.returncode == 0, made.stderr
    url = made.stdout.strip()
    assert url.startswith("https://asf.example.se/u/") and "\n" not in url
    assert f"for {ORGNR}" in made.stderr
    token = url.rsplit("/", 1)[1]
    link = verify_token(KEY, token, {})
    assert (link.subject, round((link.expires - link.issued_ms / 1000) / 86400)) == (ORGNR, 3)
    ended = asfetl("portal", "revoke", ORGNR, **env)
    assert ended.returncode == 0, ended.stderr
    with pytest.raises(LinkError, match="revoked"):
        verify_token(KEY, token, read_revoked(tmp_path / "w" / "portal_revoked.json"))


def test_without_a_secret_the_commands_stop_with_one_sentence(tmp_path):
    for command in (["portal"], ["portal", "link", ORGNR]):
        result = asfetl(*command)
        assert result.returncode == 2
        assert result.stderr.startswith("asfetl: ASFETL_PORTAL_SECRET must be set")
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    wrong = asfetl("portal", "link", "123", ASFETL_PORTAL_SECRET=SECRET)
    assert (wrong.returncode, "Traceback" in wrong.stderr) == (1, False)
