"""The portal's routes: a page per personal link, its templates, the upload and the receipt.

Everything is under /u/<link>; without a valid link there is only a plain 403 page (and the
page's own CSS and script). The warehouse is only ever opened read-only, for earlier figures.
"""

import atexit
import base64
import binascii
import contextlib
import hmac
import json
from dataclasses import asdict
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from tempfile import TemporaryDirectory
from zoneinfo import ZoneInfo

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from asfetl.errors import AsfetlError
from asfetl.portal import enterprise, pages, received
from asfetl.portal.form import FORM_OVERHEAD, BadForm, TooLarge, parse_form, read_body
from asfetl.portal.links import LinkError, read_revoked, revoked_file, secret_of, signature
from asfetl.portal.links import verify_token as verify
from asfetl.portal.scratch import Scratch, remove_leftovers, scratch_root
from asfetl.portal.security import (
    RateLimit,
    SecureHeaders,
    csrf_token,
    csrf_valid,
    log,
    same_origin,
)
from asfetl.portal.upload import handle_upload
from asfetl.portal.words import lang_of
from asfetl.reports.kinds import ACTIVITY, ENTERPRISE
from asfetl.reports.template import write_template

STOCKHOLM = ZoneInfo("Europe/Stockholm")
STATIC = Path(__file__).parent / "static"
ASSETS = {  # the only files served: fixed names, never a path from the request
    "portal.css": "text/css; charset=utf-8",
    "portal.js": "text/javascript; charset=utf-8",
}
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def create_app(settings) -> SecureHeaders:
    """The portal as an ASGI application, for uvicorn."""
    secret = secret_of(settings)
    root = scratch_root(settings.portal_scratch_dir, settings.inbox)
    removed = remove_leftovers(root, settings.inbox)
    if removed:
        log.info("removed %d upload files a stopped portal left", len(removed))
    scratch = Scratch(root)
    atexit.register(scratch.close)
    limit = RateLimit(settings.portal_uploads_per_hour)
    checking = anyio.CapacityLimiter(1)  # one check at a time: the host's CPU is the pipeline's
    assets = {name: (STATIC / name).read_bytes() for name in ASSETS}
    max_mb = settings.report_max_bytes / 2**20

    def link_of(request: Request):
        token = request.path_params["token"]
        try:
            return verify(secret, token, read_revoked(revoked_file(settings))), token
        except LinkError:
            return None, token
        except AsfetlError as exc:  # the revocations cannot be read: no link is trusted
            log.error("%s", exc)
            return None, token

    def refuse(request: Request, status: int, title: str, text: str, back: str = "") -> Response:
        lang = lang_of(request.query_params.get("lang"))
        page = pages.plain_page(lang, title, text, back=back, mb=f"{max_mb:g}")
        return HTMLResponse(page, status_code=status)

    def forbidden(request: Request) -> Response:
        return refuse(request, 403, "forbidden_title", "forbidden")

    def page(request: Request, link, token: str, result: str = "", status: int = 200):
        lang = lang_of(request.query_params.get("lang"))
        expires = f"{datetime.fromtimestamp(link.expires, STOCKHOLM):%Y-%m-%d %H:%M}"
        known = enterprise.known_enterprise(settings, link.subject) if link.kind == "org" else None
        html = pages.upload_page(
            lang, f"/u/{token}", link, expires, csrf_token(secret, token), max_mb, result,
            greeting=enterprise.greeting(lang, known) if known else "",
        )  # fmt: skip
        return HTMLResponse(html, status_code=status)

    async def home(request: Request) -> Response:
        return forbidden(request)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            return PlainTextResponse("Not found", status_code=404)
        return Response(assets[name], media_type=ASSETS[name])

    async def show(request: Request) -> Response:
        link, token = link_of(request)
        return page(request, link, token) if link else forbidden(request)

    async def template(request: Request) -> Response:
        link, _ = link_of(request)
        fmt = request.path_params["fmt"]
        if not link or fmt not in FORMATS:
            return forbidden(request)
        lang = lang_of(request.query_params.get("lang"))
        if link.kind == "org":  # the enterprise's own, prefilled and with headings in words
            known = enterprise.known_enterprise(settings, link.subject)
            data = await anyio.to_thread.run_sync(
                enterprise.template_for, settings, known, fmt, lang, limiter=checking
            )
        else:
            data = await anyio.to_thread.run_sync(
                _template, settings.region, settings.plan_dir, link.kind, fmt, lang,
                limiter=checking,
            )  # fmt: skip
        stem = "asf_rapportmall" if link.kind == "org" else "asf_aktivitetsuppfoljning"
        disposition = f'attachment; filename="{stem}_{lang}.{fmt}"'
        return Response(data, media_type=FORMATS[fmt], headers={"content-disposition": disposition})

    async def upload(request: Request) -> Response:
        link, token = link_of(request)
        if not link or not same_origin(request.headers):
            return forbidden(request)
        if not limit.allow(link.key):
            return refuse(request, 429, "too_many_title", "too_many", back=f"/u/{token}")
        try:
            body = await read_body(
                request.headers, request.stream(), settings.report_max_bytes + FORM_OVERHEAD
            )
            form = parse_form(request.headers.get("content-type", ""), body)
        except TooLarge:
            return refuse(request, 413, "too_large_title", "too_large", back=f"/u/{token}")
        except BadForm:
            return refuse(request, 400, "bad_form_title", "bad_form", back=f"/u/{token}")
        if not csrf_valid(secret, token, form.fields.get("csrf")):
            return forbidden(request)
        if not form.file_bytes:
            return refuse(request, 400, "bad_form_title", "no_file", back=f"/u/{token}")
        if earlier := received.earlier_receipt(settings, link, form.file_bytes):
            lang = lang_of(request.query_params.get("lang"))  # the same bytes: no second receipt
            return page(request, link, token, received.already_section(lang, earlier))
        try:
            outcome = await anyio.to_thread.run_sync(
                handle_upload, settings, link, form.file_name, form.file_bytes, scratch,
                limiter=checking,
            )  # fmt: skip
        except OSError as exc:  # a full disk, an inbox not writable: nothing was kept
            log.error("upload could not be checked or stored: %s", exc.strerror or exc)
            return refuse(request, 503, "unavailable_title", "unavailable", back=f"/u/{token}")
        del body, form  # the bytes are not kept past the answer
        log.info("upload through the link of %s: %s, %d errors, %d warnings", link.subject,
                 f"accepted as {outcome.stored.name}" if outcome.accepted else "rejected",
                 len(outcome.check.errors), len(outcome.check.warnings))  # fmt: skip
        lang = lang_of(request.query_params.get("lang"))
        if not outcome.accepted:
            result = pages.findings_section(lang, outcome.check, outcome.shown_name)
            return page(request, link, token, result, status=422)
        receipt = pages.Receipt(
            file=outcome.shown_name,
            stored_as=outcome.stored.name,
            rows=len(outcome.check.rows),
            sha256=outcome.check.sha256,
            received=pages.local_text(outcome.received_at),
            loaded=next_intake(outcome.received_at, settings.portal_intake_time),
        )
        signed = _sign_receipt(secret, receipt, token)
        html = pages.receipt_section(
            lang, receipt, f"/u/{token}/receipt?lang={lang}&r={signed}",
            pages.findings_tables(lang, outcome.check),
        )  # fmt: skip
        return page(request, link, token, html)

    async def receipt(request: Request) -> Response:
        link, token = link_of(request)
        signed = request.query_params.get("r", "")
        found = _verify_receipt(secret, signed, token) if link else None  # only its own link's
        if found is None:
            return forbidden(request)
        lang = lang_of(request.query_params.get("lang"))
        name = "kvitto" if lang == "sv" else "receipt"
        return PlainTextResponse(
            pages.receipt_text(found, lang),
            headers={
                "content-disposition": f'attachment; filename="{name}_{found.sha256[:12]}.txt"'
            },
        )

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)  # browsers ask; the page has none

    routes = [
        Route("/", home),
        Route("/healthz", health),
        Route("/favicon.ico", no_icon),
        Route("/static/{name}", asset),
        Route("/u/{token}", show),
        Route("/u/{token}/template.{fmt}", template),
        Route("/u/{token}/upload", upload, methods=["POST"]),
        Route("/u/{token}/receipt", receipt),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        scratch.close()  # a stopped portal leaves no scratch folder (a killed one: next start)

    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_exception_handler(404, lambda request, exc: forbidden(request))
    app.add_exception_handler(405, lambda request, exc: forbidden(request))
    return SecureHeaders(app)


@lru_cache(maxsize=16)
def _template(region: str, plan_dir: Path | None, kind: str, fmt: str, lang: str) -> bytes:
    """A blank template, written once per (kind, format, language) and kept in memory."""
    with TemporaryDirectory(prefix="asfetl-portal-template-") as folder:
        path = Path(folder) / f"template.{fmt}"
        report = ENTERPRISE if kind == "org" else ACTIVITY
        write_template(path, fmt=fmt, lang=lang, region=region, kind=report, plan_dir=plan_dir)
        return path.read_bytes()


def next_intake(after: datetime, at: str) -> str:
    """When the daily report-inbox run next starts, in Swedish time."""
    hour, minute = (int(part) for part in at.split(":"))
    local = after.astimezone(STOCKHOLM)
    start = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if start <= local:
        start = (local + timedelta(days=1)).replace(hour=hour, minute=minute)
    return f"{start:%Y-%m-%d %H:%M %Z}"  # the zone named, as the receipt's own time is


def _sign_receipt(secret: bytes, receipt: pages.Receipt, token: str) -> str:
    """The receipt, signed together with the link it was issued through: another link, even a
    valid one, cannot show it."""
    data = json.dumps(asdict(receipt), separators=(",", ":"), ensure_ascii=False).encode()
    encoded = base64.urlsafe_b64encode(data).decode().rstrip("=")
    return f"{encoded}.{_receipt_signature(secret, data, token)}"


def _receipt_signature(secret: bytes, data: bytes, token: str) -> str:
    return signature(secret, "receipt", token.encode() + b"\n" + data).hex()


def _verify_receipt(secret: bytes, signed: str, token: str) -> pages.Receipt | None:
    encoded, _, sig = signed.partition(".")
    try:
        data = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (ValueError, binascii.Error):
        return None
    if not hmac.compare_digest(sig, _receipt_signature(secret, data, token)):
        return None
    return pages.Receipt(**json.loads(data))
