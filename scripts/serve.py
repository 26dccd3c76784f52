"""Serve the static site from the project root (what GitHub Pages would serve)."""

from __future__ import annotations

import argparse
import errno
import functools
import http.server
import io
import sys
from pathlib import Path

from modules_zip import ZIP_PATH, modules_zip, page_modules

ROOT = Path(__file__).resolve().parent.parent

# Browsers refuse module scripts and streamed WebAssembly without these types,
# and the system's mime table is not always there.
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".toml": "text/plain",
    ".py": "text/plain",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
}


_zips: dict = {}  # the last zip built per py/ folder, with the stats of the files it was built from


def current_modules_zip(py_dir: Path) -> bytes:
    """modules_zip(py_dir), built again only when a module's size or time stamp has changed."""
    stats = [(p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in page_modules(py_dir)]
    built = _zips.get(py_dir)
    if built is None or built[0] != stats:
        built = _zips[py_dir] = (stats, modules_zip(py_dir))
    return built[1]


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def send_head(self):
        """As a static host would, except for py/modules.zip where no such file is: that is built from
        py/ as it is now (scripts/modules_zip.py), so an edited module is served at once."""
        path = Path(self.translate_path(self.path))
        if self.path.split("?", 1)[0] != "/" + ZIP_PATH or path.exists() or not path.parent.is_dir():
            return super().send_head()
        body = current_modules_zip(path.parent)
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


def make_server(directory: Path, port: int, quiet: bool = False,
                handler_class: type[Handler] = Handler) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.quiet = quiet
    return server


def port_busy_message(port: int) -> str:
    return (f"serve: port {port} is already in use (another server, or an earlier `make serve`, is running "
            f"there).\nStop it, or pick another port: make serve PORT={port + 1}  "
            f"(or: python3 scripts/serve.py --port {port + 1})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--dir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    try:
        server = make_server(args.dir, args.port)
    except OSError as e:
        if e.errno != errno.EADDRINUSE:
            raise
        print(port_busy_message(args.port), file=sys.stderr)
        return 1
    print(f"Serving {args.dir} at http://localhost:{args.port}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
