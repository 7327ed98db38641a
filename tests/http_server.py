"""A real HTTP server on 127.0.0.1 for tests: canned responses per path, every request recorded."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})


@dataclass
class Seen:
    method: str
    path: str
    body: bytes


class LocalServer:
    """Serve `routes[path]` (path without query); unknown paths get SCB's 404 problem+json.

    A route may be a list of replies: they are given in turn, and the last one from then on.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Reply | list[Reply]] = {}
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                server.seen.append(Seen(self.command, self.path, body))
                route = server.routes.get(path)
                if isinstance(route, list):
                    route = route.pop(0) if len(route) > 1 else route[0]
                reply = route or Reply(
                    404,
                    json.dumps(
                        {"type": "about:blank", "title": "Non-existent table", "status": 404}
                    ).encode(),
                    {"Content-Type": "application/problem+json"},
                )
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = _reply

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "LocalServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
