"""Personal upload links: a signed token naming who may upload (an organisationsnummer or an
activity owner), until when; revoked by subject, in a small file beside the warehouse.

A token is `<payload>.<signature>`, both base64url: the payload is JSON {"v": 1, "k": "org" or
"owner", "s": subject, "i": issued (ms), "e": expires (s)}, the signature HMAC-SHA256 of the
payload with the portal's secret. Nothing about a link is stored when it is made; `revoke` writes
the subject and the moment to portal_revoked.json, and every link of that subject issued before
that moment is refused from then on (a new link may be made afterwards).
"""

import base64
import binascii
import hashlib
import hmac
import json
import math
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from asfetl.errors import AsfetlError, SettingsError
from asfetl.plan.activities import activities
from asfetl.reports import identifiers

MIN_SECRET_CHARS = 32
REVOKED_FILE = "portal_revoked.json"
KINDS = ("org", "owner")  # an enterprise's organisationsnummer, an activity owner

MAX_DAYS = 400  # a link lives at most one reporting year and its due date's margin


class LinkError(AsfetlError):
    """A link that is missing, forged, expired or revoked (the portal answers 403)."""


@dataclass(frozen=True)
class Link:
    kind: str  # "org" | "owner"
    subject: str  # NNNNNN-NNNN, or an owner as the plan's activity list writes it
    issued_ms: int
    expires: int  # seconds since the epoch

    @property
    def key(self) -> str:
        """The subject as revocations and the rate limit name it."""
        return f"{self.kind}:{self.subject}"


def secret_of(settings) -> bytes:
    """The signing key, or one sentence on how to set it."""
    secret = settings.portal_secret.get_secret_value() if settings.portal_secret else ""
    if len(secret) < MIN_SECRET_CHARS:
        raise SettingsError(
            f"ASFETL_PORTAL_SECRET must be set to a random text of at least {MIN_SECRET_CHARS} "
            "characters (e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(32))'`) "
            "in the environment of `asfetl portal`, never in the repository."
        )
    return secret.encode()


def signature(secret: bytes, purpose: str, data: bytes) -> bytes:
    """HMAC-SHA256 of `data` for one purpose (a link's signature never signs anything else)."""
    return hmac.new(secret, purpose.encode() + b"|" + data, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def owners(plan_dir: Path | None = None) -> list[str]:
    """The activity owners the plan names."""
    return sorted({row.get("owner", "").strip() for row in activities(plan_dir)} - {""})


def owner_activities(owner: str, plan_dir: Path | None = None) -> set[str]:
    """The activities an owner follows up."""
    rows = activities(plan_dir)
    return {r["activity_id"].strip() for r in rows if r.get("owner", "").strip() == owner}


def subject_of(
    orgnr: str | None, owner: str | None, plan_dir: Path | None = None
) -> tuple[str, str]:
    """(kind, subject) from the command line, checked: a valid organisationsnummer or an
    activity owner the plan names."""
    if owner is not None:
        if owner.strip() not in owners(plan_dir):
            raise AsfetlError(
                f"{owner!r} owns no activity of the plan; use one of: "
                f"{'; '.join(owners(plan_dir))}."
            )
        return "owner", owner.strip()
    problem = identifiers.orgnr_problem(orgnr or "")
    if problem:
        raise AsfetlError(
            f"{identifiers.redact_name(orgnr or '')!r} is not a valid organisationsnummer "
            "(NNNNNN-NNNN with a correct check digit); check it and run again."
        )
    return "org", identifiers.normalise_orgnr(orgnr)


def make_token(
    secret: bytes, kind: str, subject: str, days: float, now: float | None = None
) -> str:
    """A signed link token for `subject`, valid for `days`."""
    if not (math.isfinite(days) and 0 < days <= MAX_DAYS):
        raise SettingsError(f"--expires must be a number of days from more than 0 to {MAX_DAYS}.")
    now = time.time() if now is None else now
    payload = {"v": 1, "k": kind, "s": subject, "i": int(now * 1000), "e": int(now + days * 86400)}
    data = json.dumps(payload, separators=(",", ":")).encode()
    return f"{_b64(data)}.{_b64(signature(secret, 'link', data))}"


def verify_token(
    secret: bytes, token: str, revoked: dict[str, int], now: float | None = None
) -> Link:
    """The link a token holds, or LinkError: forged, malformed, expired or revoked."""
    now = time.time() if now is None else now
    try:
        encoded, sig = token.split(".")
        data, given = _unb64(encoded), _unb64(sig)
    except (ValueError, binascii.Error):
        raise LinkError("malformed") from None
    if not hmac.compare_digest(given, signature(secret, "link", data)):
        raise LinkError("forged")
    try:
        fields = json.loads(data)
        link = Link(fields["k"], str(fields["s"]), int(fields["i"]), int(fields["e"]))
    except (ValueError, KeyError, TypeError):
        raise LinkError("malformed") from None
    if fields.get("v") != 1 or link.kind not in KINDS:
        raise LinkError("malformed")
    if now >= link.expires:
        raise LinkError("expired")
    if link.issued_ms <= revoked.get(link.key, -1):
        raise LinkError("revoked")
    return link


def revoked_file(settings) -> Path:
    """Beside the warehouse file, as an absolute path (said back to whoever revokes)."""
    return settings.warehouse_dir.resolve() / REVOKED_FILE


def read_revoked(path: Path) -> dict[str, int]:
    """subject key → the moment (ms) its links were revoked; none when there is no file."""
    try:
        return {str(k): int(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    except FileNotFoundError:
        return {}
    except (ValueError, AttributeError):
        raise AsfetlError(
            f"{path} is not a list of revoked links; restore it from a backup or delete it "
            "(deleting it makes every revoked link valid again)."
        ) from None


def revoke(path: Path, kind: str, subject: str, now: float | None = None) -> None:
    """End every link of a subject issued until now; written atomically (temp file, rename)."""
    revoked = read_revoked(path)
    revoked[f"{kind}:{subject}"] = int((time.time() if now is None else now) * 1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".portal-revoked-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(revoked, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
