"""A webhook for operators (ASFETL_NOTIFY_URL): called when a run fails or a source is stale.

The call is a JSON POST with a short timeout and no retries. Its `text` field is one readable
message, so Slack-, Mattermost- and Teams-style incoming webhooks show it as it is; the other
fields are for programs. Failing to notify is logged and never fails a run.
"""

import json
import logging
import socket
from datetime import UTC, datetime
from typing import Any

import requests

from asfetl import __version__
from asfetl.findings import SourceFinding
from asfetl.operations.freshness import SourceFreshness

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10


def send(url: str | None, event: str, text: str, **details: Any) -> bool:
    """POST one notification; return whether the receiver accepted it (2xx)."""
    if not url:
        return False
    document = {
        "event": event,
        "text": text,
        "host": socket.gethostname(),
        "sent_at": datetime.now(UTC).isoformat(),
        "asfetl_version": __version__,
        **details,
    }
    try:
        response = requests.post(
            url,
            data=json.dumps(document, default=str, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            timeout=TIMEOUT_SECONDS,
        )
    except requests.RequestException as exc:
        # not the exception's text: it repeats the whole URL, secret path and all
        if isinstance(exc, requests.Timeout):
            reason = f"no answer within {TIMEOUT_SECONDS:g} s"
        elif isinstance(exc, requests.ConnectionError):
            reason = "could not connect"
        else:
            reason = type(exc).__name__
        log.warning("Could not notify %s about %s: %s", _safe(url), event, reason)
        return False
    if not response.ok:
        log.warning(
            "The notification receiver %s answered %s to %s",
            _safe(url),
            response.status_code,
            event,
        )
        return False
    log.info("Notified %s: %s", _safe(url), event)
    return True


def run_failed(url: str | None, run_name: str, message: str, **details: Any) -> bool:
    return send(
        url,
        "run_failed",
        f"asfetl run {run_name} failed: {message}",
        run=run_name,
        error=message,
        **details,
    )


def sources_stale(
    url: str | None, stale: list[SourceFreshness], warehouse: str, **details: Any
) -> bool:
    if not stale:
        return False
    names = ", ".join(f"{f.source}/{f.dataset}" for f in stale)
    text = (
        f"asfetl: {len(stale)} stale source(s) in {warehouse}: {names}. "
        + " ".join(f.describe() + "." for f in stale)
        + " See `asfetl status`."
    )
    sources = [
        {
            "source": f.source,
            "dataset": f.dataset,
            "last_refreshed": f.last_refreshed,
            "age_days": f.age_days,
            "cadence_days": f.cadence_days,
        }
        for f in stale
    ]
    return send(url, "sources_stale", text, warehouse=warehouse, sources=sources, **details)


def source_changed(
    url: str | None, findings: list[SourceFinding], warehouse: str, **details: Any
) -> bool:
    """The publishers changed what asfetl depends on: a KPI ended, a definition changed, data
    published but not loaded, a publication late (operations.contracts)."""
    if not findings:
        return False
    text = (
        f"asfetl: {len(findings)} change(s) at the sources of {warehouse}: "
        + " ".join(f.message for f in findings)
        + " See `asfetl status`."
    )
    found = [f.as_dict() for f in findings]
    return send(url, "source_changed", text, warehouse=warehouse, findings=found, **details)


def _safe(url: str) -> str:
    """The receiver without its path: webhook paths often carry the secret token."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}/…"
