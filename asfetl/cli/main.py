"""The `asfetl` command's entry point: the parser of every command group, and error handling."""

import argparse
import os
import sys
from collections.abc import Sequence

from asfetl import __version__
from asfetl.cli import plan, portal, read, reports, run, schedule, status
from asfetl.errors import AsfetlError, RunCancelled, SettingsError

COMMAND_GROUPS = (run, read, status, schedule, reports, plan, portal)  # in --help's order

# Offline by default: no telemetry from Prefect or GX. Set when the command starts, not when a
# module is imported, so that importing asfetl as a library changes nothing in the process.
OFFLINE_ENVIRONMENT = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "TQDM_DISABLE": "1",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asfetl",
        description=(
            "Indicators for a Swedish region's action plan for work-integrating social enterprises "
            "(ASF). Settings come from ASFETL_* environment variables or asfetl.toml; see "
            "docs/operators.md."
        ),
    )
    parser.add_argument("--version", action="version", version=f"asfetl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code = _handle(args)
    if getattr(args, "leave_at_once", False):
        leave(code)
    return code


def leave(code: int) -> None:
    """End the process now that everything is said and written: output flushed, exit handlers
    run (logging, Prefect's log and event workers), but not the interpreter's slow teardown of
    every module a run loaded (2–3 s after a run, for nothing). Used by `asfetl run` only."""
    import atexit

    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()  # what a normal exit runs first
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _handle(args: argparse.Namespace) -> int:
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    try:
        return args.handler(args)
    except AsfetlError as exc:
        print(f"asfetl: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, SettingsError) else 1
    except OSError as exc:  # the environment, not a bug: a full disk, a folder not writable
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"asfetl: {exc.strerror or exc}{where}; free space or fix the folder's "
              "permissions and run again.", file=sys.stderr)  # fmt: skip
        return 1
    except KeyboardInterrupt:
        print("asfetl: interrupted; the published warehouse is unchanged.", file=sys.stderr)
        return 130
    except RunCancelled:
        print(run.STOPPED, file=sys.stderr)
        return 143


if __name__ == "__main__":
    sys.exit(main())
