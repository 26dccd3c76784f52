"""A site server that can misbehave on purpose: per path, answer 404 or 500, send a truncated or
garbage body, hang, trickle the bytes slowly, or serve other content; and add response headers (a CSP) to every answer.

It is scripts/serve.py's handler with a fault table in front, so everything else is served
exactly as `make serve` serves it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from serve import Handler, make_server


class FaultyHandler(Handler):
    def end_headers(self):
        for name, value in self.server.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self):  # noqa: N802 - the base class's name
        path = self.path.split("?")[0]
        fault = self.server.faults.get(path)
        if fault is None:
            return super().do_GET()
        kind, *args = fault
        if kind in ("404", "500"):
            self.send_error(int(kind))
            return None
        ctype = self.guess_type(path)
        if kind == "body":  # another version of the file (e.g. a site's own pyscript.toml)
            return self._send(ctype, args[0])
        body = (Path(self.directory) / path.lstrip("/")).read_bytes()
        if kind == "truncated":  # a half-copied file: consistent headers, half the bytes
            return self._send(ctype, body[: len(body) // 2])
        if kind == "garbage":  # what a misconfigured host sends: an HTML page under the file's name
            return self._send(ctype, b"<!doctype html><title>Not here</title><p>Page not found</p>" * 50)
        if kind == "hang":  # headers, then nothing until the test ends
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            self.server.release.wait(120)
            return None
        if kind == "slow":  # the whole file, `chunk` bytes every `gap` seconds
            chunk, gap = args
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for start in range(0, len(body), chunk):
                if self.server.release.is_set():
                    return None
                self.wfile.write(body[start : start + chunk])
                self.wfile.flush()
                time.sleep(gap)
            return None
        raise ValueError(f"unknown fault {kind}")

    def do_HEAD(self):  # noqa: N802 - a missing file is missing for HEAD too
        fault = self.server.faults.get(self.path.split("?")[0])
        if fault and fault[0] in ("404", "500"):
            self.send_error(int(fault[0]))
            return None
        return super().do_HEAD()

    def _send(self, ctype: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class FaultyServer:
    """Serves `directory` on 127.0.0.1 with `faults` {url path: (kind, *args)} and extra headers."""

    def __init__(self, directory: Path, faults: dict | None = None, headers: dict | None = None):
        self.httpd = make_server(directory, 0, quiet=True, handler_class=FaultyHandler)
        self.httpd.faults = dict(faults or {})
        self.httpd.extra_headers = dict(headers or {})
        self.httpd.release = threading.Event()
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
