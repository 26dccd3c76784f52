"""Our modules in the start-up snapshot: the build imports them (import_our_modules in the loader's
Python, RESTORE_SOURCE in assets/pyodide-snapshot.mjs) and a restore keeps them only if every file has
the source they were imported from (keep_our_modules), all or none. That Python, taken from the
loader, runs here under CPython on a folder of three small modules, in a fresh interpreter each time;
so do its self-check and reseeding."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from modules_zip import page_modules

SNAPSHOT_JS = ROOT / "assets" / "pyodide-snapshot.mjs"

MODULES = {
    "alpha.py": "import beta\nVALUE = beta.VALUE + 1\n",
    "beta.py": "VALUE = 1\n",
    "gamma.py": "import alpha\n",
}

# The build imports the modules; the page then writes their files again (`change` edits them first);
# the restore's finder goes in; main.py imports alpha, and gamma is imported later. A finder placed
# after ours records what it is asked: it must still be asked whenever ours declines.
SCENARIO = """
import json, os, pathlib, sys, types
js = types.ModuleType("js")
js.nnvizRuntime = types.SimpleNamespace(modules="not imported yet")
sys.modules["js"] = js
sys.path.insert(0, os.getcwd())
restore = types.ModuleType("restore")
exec(RESTORE_SOURCE, restore.__dict__)
names = ["alpha", "beta", "gamma"]
hashes = json.loads(restore.import_our_modules(names))
before = {name: sys.modules[name] for name in names}
CHANGE
restore.keep_our_modules(hashes)
asked = []
class After:
    def find_spec(self, name, path=None, target=None):
        asked.append(name)
sys.meta_path.insert(1, After())
import alpha
try:
    import gamma
except ImportError:
    pass
print(json.dumps({
    "modules": js.nnvizRuntime.modules,
    "kept": sorted(name for name in before if sys.modules.get(name) is before[name]),
    "consistent": alpha.beta is sys.modules["beta"],
    "edited": getattr(sys.modules["beta"], "EDITED", False),
    "loader": type(alpha.__spec__.loader).__name__,
    "asked": "alpha" in asked,
}))
"""


def restore_source() -> str:
    found = re.search(r"export const RESTORE_SOURCE = `(.*?)`;", SNAPSHOT_JS.read_text(), re.S)
    assert found, f"RESTORE_SOURCE is not in {SNAPSHOT_JS.name}"
    return found.group(1)


def run(tmp_path, change: str = "") -> dict:
    for name, text in MODULES.items():
        (tmp_path / name).write_text(text)
    script = SCENARIO.replace("CHANGE", change or "pass").replace("RESTORE_SOURCE", repr(restore_source()))
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_unchanged_modules_are_the_snapshots_all_of_them(tmp_path):
    out = run(tmp_path)
    assert out["modules"] == "snapshot"
    assert out["kept"] == ["alpha", "beta", "gamma"]
    assert out["loader"] == "SourceFileLoader"  # the spec it was imported with, not the finder's
    assert not out["asked"]


@pytest.mark.parametrize("change, said", [
    ("pathlib.Path('beta.py').write_text('VALUE = 1\\nEDITED = True\\n')", "files: beta changed"),
    ("pathlib.Path('gamma.py').unlink()", "files: gamma changed"),
])
def test_one_changed_module_has_them_all_imported_from_the_files(tmp_path, change, said):
    out = run(tmp_path, change)
    assert out["modules"] == said
    assert out["kept"] == []  # none: an unchanged alpha would hold the old beta
    assert out["consistent"]
    assert out["edited"] == ("EDITED" in change)
    assert out["asked"]  # the import went on to the next finder, and on to the files


def test_the_build_refuses_a_module_that_is_not_ours(tmp_path):
    (tmp_path / "alpha.py").write_text("")
    script = ("import sys, os, types\nsys.path.insert(0, os.getcwd())\nrestore = types.ModuleType('restore')\n"
              f"exec({restore_source()!r}, restore.__dict__)\nrestore.import_our_modules(['alpha', 'json'])")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "json did not come from our modules' folder" in done.stderr


def test_importing_our_modules_reads_nothing_of_the_page():
    """What the build imports lands in every visitor's page: importing them must not read the document,
    the window or anything else dom.py looks up lazily (in CPython, the fakes stand in for them)."""
    py = ROOT / "py"
    names = [path.stem for path in page_modules(py)]
    script = (f"import sys\nsys.path.insert(0, {str(py)!r})\n"
              f"for name in {names!r}:\n    __import__(name)\n"
              "import dom\nprint(sorted(vars(dom._page)), dom._reduced_motion)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "None"]


def test_the_self_check_and_the_reseeding_run_and_reseed():
    """The self-check gives the same text every time; reseeding draws fresh numbers (numpy's and random's
    state after it differ from a fixed seed's)."""
    script = (f"import types, random, numpy\nrestore = types.ModuleType('restore')\nexec({restore_source()!r}, restore.__dict__)\n"
              "random.seed(0); numpy.random.seed(0)\nfixed = (random.random(), numpy.random.random())\n"
              "random.seed(0); numpy.random.seed(0)\nrestore.reseed()\n"
              "print(restore.self_check() == restore.self_check(), (random.random(), numpy.random.random()) != fixed)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
