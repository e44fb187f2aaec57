"""A tiny HTTP server on loopback standing in for a Varnish or a CDN's purge API: it keeps
every request it gets and answers with the statuses a test lines up (then 200)."""

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict  # names in lower case
    body: bytes


class PurgeServer:
    def __init__(self, statuses=(), body=b"ok"):
        self.statuses = list(statuses)
        self.body = body
        self.requests = []
        self._lock = threading.Lock()
        self._server = None

    @property
    def url(self):
        host, port = self._server.server_address
        return f"http://{host}:{port}"

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, count, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            time.sleep(0.02)
        raise AssertionError(f"{len(self.requests)} requests came, not {count}")

    def _answer(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        received = Received(
            method=handler.command,
            path=handler.path,
            headers={name.lower(): value for name, value in handler.headers.items()},
            body=handler.rfile.read(length),
        )
        with self._lock:
            self.requests.append(received)
            status = self.statuses.pop(0) if self.statuses else 200
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(self.body)))
        handler.end_headers()
        handler.wfile.write(self.body)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                server._answer(self)

            do_POST = do_PURGE

            def log_message(self, *args):
                pass

        return Handler
