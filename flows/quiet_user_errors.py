"""Keep Prefect's logs free of tracebacks for errors a user can fix (AsfetlError).

Prefect logs every failed task and flow run with its traceback. For a bad setting or an
unreachable API that buries the one sentence that says what to do; bugs keep their tracebacks.
"""

import logging

from asfetl.errors import AsfetlError

PREFECT_RUN_LOGGERS = ("prefect.task_runs", "prefect.flow_runs", "prefect.task_engine")


class DropTracebackOfUserErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, AsfetlError):
            record.exc_info = None
            record.exc_text = None
        return True


def install() -> None:
    for name in PREFECT_RUN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, DropTracebackOfUserErrors) for f in logger.filters):
            logger.addFilter(DropTracebackOfUserErrors())
