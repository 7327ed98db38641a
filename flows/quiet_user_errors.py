"""Keep Prefect's logs free of tracebacks for errors a user can fix (AsfetlError, a full disk).

Prefect logs every failed task and flow run with its traceback, and the console shows asfetl's
own `log.exception` lines with theirs. For a bad setting, an unreachable API or a full disk that
buries the one sentence that says what to do; bugs keep their tracebacks.
"""

import logging

from asfetl.errors import AsfetlError
from asfetl.operations.run_context import disk_full

PREFECT_RUN_LOGGERS = ("prefect.task_runs", "prefect.flow_runs", "prefect.task_engine")


def is_user_error(exc: BaseException | None) -> bool:
    """An error the user can fix: one of asfetl's, or the disk running out of space."""
    return exc is not None and (isinstance(exc, AsfetlError) or disk_full(exc))


class DropTracebackOfUserErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if is_user_error(exc):
            message = record.getMessage()
            if str(exc) not in message:  # the one line still says why
                record.msg, record.args = f"{message}: {exc}", None
            record.exc_info = None
            record.exc_text = None
        return True


def install() -> None:
    """On Prefect's run loggers (the server's log too) and on the console's handlers, which
    print what asfetl's own loggers propagate."""
    targets = [logging.getLogger(name) for name in PREFECT_RUN_LOGGERS]
    for target in [*targets, *logging.getLogger().handlers]:
        if not any(isinstance(f, DropTracebackOfUserErrors) for f in target.filters):
            target.addFilter(DropTracebackOfUserErrors())
