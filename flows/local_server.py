"""Start Prefect's temporary local server in the background while a run's heavy imports load.

Without PREFECT_API_URL, the first flow call of a process starts a temporary server and waits
for it (~8 s). Its start is mostly waiting on a child process, so the main thread can import
Great Expectations and the pipeline meanwhile (~3 s saved on every `asfetl run`).
"""

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED


@contextmanager
def local_server_starting() -> Iterator[None]:
    """Start the temporary server in a thread for the duration of the block; on leaving, wait
    until it answers. If the thread's start fails, the flow call starts the server itself."""
    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield
        return
    # Imported here, in the main thread: importing in two threads at once is not safe.
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the singleton the flow call will use
    thread = threading.Thread(target=_start, args=(server,), name="prefect-server", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _start(server) -> None:
    with contextlib.suppress(Exception):  # `running` is reset, so the flow call tries again
        server.start()
