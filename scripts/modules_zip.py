"""Our page's Python modules as one zip file, which PyScript fetches and unpacks into Python's working
directory (pyscript.toml: [files] "./py/modules.zip" = "./*").

One file instead of 45: each fetch PyScript makes costs a round trip and a task on the main thread
while Python waits, about 0.1-0.2 s of start-up in all. The zip is made from py/ as it is, never
kept in the checkout: `make serve` (scripts/serve.py) builds it when asked for it and a module has
changed, so an edited module is live at once, and `make site` writes it into the published folder.

Run:   python3 scripts/modules_zip.py OUT.zip   [--py PY_DIR]
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP_PATH = "py/modules.zip"  # where the page asks for it, from the site's root (pyscript.toml)
# Never imported in the page: main.py is the entry point PyScript runs from its own <script>;
# fakedom.py and fakenodes.py are dom.py's stand-in for the browser under CPython.
NOT_IN_PAGE = frozenset({"main.py", "fakedom.py", "fakenodes.py"})
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the same bytes for the same sources, whenever it is built


def page_modules(py_dir: Path) -> list[Path]:
    """The modules main.py imports (directly or not), by path, in a stable order."""
    return sorted(p for p in py_dir.glob("*.py") if p.name not in NOT_IN_PAGE)


def modules_zip(py_dir: Path) -> bytes:
    """The zip's bytes: each page module at the top level, deflated, with a fixed time stamp."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in page_modules(py_dir):
            info = zipfile.ZipInfo(path.name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--py", type=Path, default=ROOT / "py", help="the modules' folder (default: py/)")
    args = parser.parse_args(argv)
    args.out.write_bytes(modules_zip(args.py))
    print(f"modules: {len(page_modules(args.py))} modules in {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
