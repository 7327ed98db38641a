"""What a hand run shows in the terminal: asfetl's own lines, not the libraries' chatter.

Without -v the console shows asfetl's warnings, a line per step (logger `asfetl.steps`, written
plainly to stdout), Prefect's errors that are bugs, and every library's warnings. Hidden: Prefect's
INFO lines (task and flow states, the temporary server's start and stop), Great Expectations'
"ephemeral docs site" line, and Prefect's copy of an error the CLI states itself in one sentence
at the end. The same records still reach Prefect's API log; only the terminal is spared them.
"""

import logging
import sys

from flows.quiet_user_errors import is_user_error

STEPS = "asfetl.steps"


class HandRunConsole(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        name = record.name
        if name.startswith(("prefect.flow_runs", "prefect.task_runs", "prefect.task_engine")):
            # a bug, with its traceback; a user error has lost its traceback already
            # (quiet_user_errors) and the CLI states it once at the end
            exc = record.exc_info[1] if record.exc_info else None
            return record.levelno >= logging.ERROR and exc is not None and not is_user_error(exc)
        if name.startswith("urllib3"):  # its "Retrying (...)" line: asfetl says each retry itself
            return False
        return record.levelno >= logging.WARNING


def show_steps() -> None:
    """`asfetl.steps` lines to stdout as `HH:MM:SS  message`, not through Prefect's console."""
    steps = logging.getLogger(STEPS)
    if not any(getattr(h, "asfetl_steps", False) for h in steps.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s  %(message)s", "%H:%M:%S"))
        handler.asfetl_steps = True  # type: ignore[attr-defined]
        steps.addHandler(handler)
    steps.setLevel(logging.INFO)
    steps.propagate = False


def quiet() -> None:
    """Filter the console handlers Prefect installs (on the root logger and uvicorn's)."""
    import prefect.main  # noqa: F401 - sets up Prefect's logging, its console handler included

    targets = [*logging.getLogger().handlers, *logging.getLogger("uvicorn").handlers]
    for handler in targets:
        if not any(isinstance(f, HandRunConsole) for f in handler.filters):
            handler.addFilter(HandRunConsole())
