"""`asfetl portal [link|revoke]`: the submission page, and the personal links that open it."""

import argparse


def add_commands(commands: argparse._SubParsersAction) -> None:
    portal = commands.add_parser(
        "portal",
        help="the submission page: serve it, make or revoke personal upload links",
        description=(
            "Serve the submission page (on ASFETL_PORTAL_HOST:ASFETL_PORTAL_PORT, 127.0.0.1:8765 "
            "by default), where an enterprise uploads its report through its personal link and "
            "gets the check's answer at once. Needs ASFETL_PORTAL_SECRET. Put it behind an HTTPS "
            "reverse proxy before anyone outside the machine may reach it (see docs/operators.md)."
        ),
    )
    portal.set_defaults(handler=cmd_portal)
    portal_commands = portal.add_subparsers(dest="portal_command", metavar="COMMAND")
    link = portal_commands.add_parser(
        "link",
        help="print a personal upload link",
        description=(
            "Print an upload link bound to one organisationsnummer (the enterprise's report), "
            "or with --owner to an activity owner (the activities' follow-up)."
        ),
    )
    _subject_arguments(link)
    link.add_argument(
        "--expires", type=float, default=90, metavar="DAYS",
        help="days the link is valid (90; at most 400)",
    )  # fmt: skip
    link.set_defaults(handler=cmd_portal_link)
    revoke = portal_commands.add_parser(
        "revoke",
        help="end every link of an organisationsnummer (or owner) made so far",
        description="End every upload link made so far for this organisationsnummer or owner.",
    )
    _subject_arguments(revoke)
    revoke.set_defaults(handler=cmd_portal_revoke)


def _subject_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("orgnr", nargs="?", metavar="ORGNR", help="organisationsnummer")
    parser.add_argument("--owner", help="an activity owner, as the plan's activity list names it")


def _subject(args: argparse.Namespace, settings) -> tuple[str, str]:
    from asfetl.errors import AsfetlError
    from asfetl.portal.links import subject_of

    if (args.orgnr is None) == (args.owner is None):
        raise AsfetlError("Give either an organisationsnummer or --owner OWNER, not both.")
    return subject_of(args.orgnr, args.owner, settings.plan_dir)


def cmd_portal(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from asfetl.portal.app import create_app
    from asfetl.portal.upload import warm_up
    from asfetl.settings import load_settings

    settings = load_settings()
    app = create_app(settings)  # stops at once without a secret
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_ours_or_warnings)
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    print("Loading the checks…", flush=True)
    warm_up(settings)  # the first submitter need not wait for the validation library to load
    print(f"Submission page on http://{settings.portal_host}:{settings.portal_port} (Ctrl-C stops)",
          flush=True)  # fmt: skip
    uvicorn.run(
        app,
        host=settings.portal_host,
        port=settings.portal_port,
        access_log=False,  # the portal logs each request itself, without the link in the path
        log_config=None,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        server_header=False,
    )
    return 0


def _ours_or_warnings(record) -> bool:
    """The portal's and the server's lines; other libraries' only from WARNING."""
    return record.levelno >= 30 or record.name.startswith(("asfetl", "uvicorn"))


def cmd_portal_link(args: argparse.Namespace) -> int:
    import sys
    import time
    from datetime import datetime

    from asfetl.portal.links import make_token, secret_of
    from asfetl.settings import load_settings

    settings = load_settings()
    kind, subject = _subject(args, settings)
    now = time.time()  # make_token refuses an expiry that is not finite, 0 or past MAX_DAYS
    token = make_token(secret_of(settings), kind, subject, args.expires, now=now)
    base = settings.portal_url or f"http://{settings.portal_host}:{settings.portal_port}"
    print(f"{base}/u/{token}")  # alone on stdout: LINK=$(asfetl portal link ...)
    until = datetime.fromtimestamp(now + args.expires * 86400)
    print(f"valid until {until:%Y-%m-%d %H:%M} for {subject}", file=sys.stderr)
    return 0


def cmd_portal_revoke(args: argparse.Namespace) -> int:
    from asfetl.errors import SettingsError
    from asfetl.portal.links import revoke, revoked_file
    from asfetl.settings import load_settings

    settings = load_settings()
    kind, subject = _subject(args, settings)
    folder = settings.warehouse_dir.resolve()
    # a relative ASFETL_WAREHOUSE, run from another folder than the portal's: say where it
    # looked instead of revoking in a new file no portal reads
    if not settings.warehouse.is_absolute() and not folder.is_dir():
        raise SettingsError(
            f"No warehouse folder at {folder} (ASFETL_WAREHOUSE={str(settings.warehouse)!r}): "
            "run this where the portal runs, or set ASFETL_WAREHOUSE to the portal's warehouse "
            "file; nothing was revoked."
        )
    revoke(revoked_file(settings), kind, subject)
    print(f"Every link made so far for {subject} is revoked ({revoked_file(settings)}).")
    return 0
