"""Start-up from the build's memory snapshot, and the normal boot whenever the snapshot does not apply.

The snapshot files are intercepted (Playwright routes) to play a missing, stale, corrupt or failing
snapshot, so the real page and the real loader decide; nothing on disk changes.
"""

from __future__ import annotations

import base64
import json
import random
import shutil
import zipfile

import numpy as np
import pytest
from conftest import ROOT, open_app, pyscript_toml, state, throttled_app
from modules_zip import modules_zip
from network import Network
from snapshot_pack import PAGE, pack

SNAPSHOT_DIR = ROOT / "assets" / "vendor" / "snapshot"
BOOT_JS = "() => ({boot: document.documentElement.dataset.boot, reason: nnvizRuntime.reason, jspi: nnvizRuntime.jspi})"


def built_manifest() -> dict:
    try:
        manifest = json.loads((SNAPSHOT_DIR / "manifest.json").read_text())
    except OSError:
        manifest = {}
    if not manifest.get("snapshot"):
        pytest.fail(f"no start-up snapshot was built ({manifest.get('reason', 'no manifest')}): run `make snapshot`")
    return manifest


def collect_console(page, messages: list | None = None) -> list[tuple[str, str]]:
    """The page's console messages as they come, into `messages` if given (emptied first)."""
    messages = [] if messages is None else messages
    messages.clear()
    page.on("console", lambda m: messages.append((m.type, m.text)))
    return messages


def serve_manifest(page, manifest: dict) -> None:
    page.route("**/vendor/snapshot/manifest.json",
               lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(manifest)))


def snapshot_requests(page) -> list[str]:
    return [r for r in page.guard.requests if r.endswith(".snapshot.gz")]


def boots_normally_and_quietly(page, origin, messages, reason_part: str) -> None:
    open_app(page, origin)
    booted_normally_and_quietly(page, messages, reason_part)


def booted_normally_and_quietly(page, messages, reason_part: str) -> None:
    info = page.evaluate(BOOT_JS)
    assert info["boot"] == "normal"
    assert reason_part in info["reason"]
    assert page.locator("#error").is_hidden()
    assert [t for kind, t in messages if kind == "info" and "normal way" in t]
    loud = [t for kind, t in messages if kind in ("warning", "error") and "snapshot" in t.lower()]
    assert not loud, loud
    st = state(page)
    assert st["iteration"] == 0 and len(st["weights"]["inputHidden"]) == st["hidden"]


def test_page_starts_from_the_snapshot_and_trains(guarded, server):
    manifest = built_manifest()
    page = guarded
    open_app(page, server.origin)
    # restored with JSPI hidden from Pyodide: no Python runs on a JSPI stack (see README, "Start-up")
    assert page.evaluate(BOOT_JS) == {"boot": "snapshot", "reason": "", "jspi": False}
    parts = [f"{server.origin}/assets/vendor/snapshot/{part['name']}" for part in manifest["parts"]]
    assert len(parts) == 2 and sorted(snapshot_requests(page)) == sorted(parts)
    for _ in range(3):
        page.click("#train")
    page.wait_for_function("() => nnviz.getState().iteration === 300")
    st = state(page)
    net = Network(hidden=st["hidden"])
    net.set_weights(np.array(st["weights"]["inputHidden"]), np.array(st["weights"]["hiddenOutput"]))
    from digits import DIGITS, LABELS

    accuracy, mean_loss = net.evaluate(DIGITS, LABELS)
    assert st["loss"] == pytest.approx(mean_loss, rel=1e-9)
    assert st["accuracy"] == pytest.approx(100 * accuracy)


PREPARED_JS = "() => [document.documentElement.dataset.boot, nnvizRuntime.preparedAt, nnvizRuntime.askedAt]"


def test_the_snapshot_boot_is_prepared_while_pyscript_starts(guarded, server):
    """boot.js imports the interpreter module pyscript.toml names as soon as the page has painted and
    lets it prepare (decide, start the download); PyScript's own import gets the same module, so its
    loadPyodide call finds the preparation under way."""
    built_manifest()
    page = guarded
    open_app(page, server.origin)
    boot, prepared, asked = page.evaluate(PREPARED_JS)
    assert boot == "snapshot"
    assert prepared is not None and prepared < asked
    assert [r for r in page.guard.requests if r.endswith("/assets/pyodide-loader.mjs")] == [
        f"{server.origin}/assets/pyodide-loader.mjs"]  # one module: the preload, imported twice


def switch_snapshot_off(page) -> None:
    """Serve pyscript.toml as a site that switches the snapshot off has it."""
    toml = pyscript_toml("off")
    page.route("**/pyscript.toml", lambda route: route.fulfill(status=200, content_type="application/toml", body=toml))


def test_a_site_that_switches_the_snapshot_off_boots_normally_without_downloading_it(guarded, server):
    built_manifest()
    page = guarded
    messages = collect_console(page)
    switch_snapshot_off(page)
    boots_normally_and_quietly(page, server.origin, messages, "switched off in pyscript.toml")
    boot, prepared, asked = page.evaluate(PREPARED_JS)
    assert prepared is not None and prepared < asked  # boot.js found the same module PyScript uses
    assert snapshot_requests(page) == []


# Appended to py/main.py (served through a route): imports of numpy modules that the snapshot did not
# import, after the page has started: one in Python, one a C extension whose library the snapshot did not
# place (numpy.fft's). Their files are unpacked then on the snapshot boot, and the library is loaded then.
LATE_NUMPY_IMPORT = """
import os as _os
import json as _json
import js as _js
_before = _os.path.exists("/lib/python3.12/site-packages/numpy/polynomial/__init__.py")
import numpy.polynomial as _polynomial
import numpy.fft as _fft
_js.window.nnvizLateImport = _json.dumps([_before, _polynomial.Polynomial([1.0, 2.0, 3.0]).deriv().coef.tolist(),
                                          _fft.fft([1.0, 2.0, 3.0, 4.0]).real.tolist()])
"""


@pytest.mark.parametrize("boot", ["snapshot", "normal"])
def test_a_numpy_module_the_snapshot_did_not_import_imports_when_first_needed(guarded, server, boot):
    manifest = built_manifest()
    assert "numpy.polynomial" not in manifest["imports"]
    page = guarded
    if boot == "normal":
        serve_manifest(page, {"format": manifest["format"], "snapshot": None, "reason": "switched off for this test"})
    append_to_main(page, LATE_NUMPY_IMPORT)
    open_app(page, server.origin)
    assert page.evaluate("() => document.documentElement.dataset.boot") == boot
    page.wait_for_function("() => window.nnvizLateImport")
    unpacked_before, derivative, spectrum = json.loads(page.evaluate("() => window.nnvizLateImport"))
    # the snapshot boot skipped unpacking numpy's files at start-up; the normal boot installed them
    assert unpacked_before is (boot == "normal")
    assert derivative == [2.0, 6.0]
    assert spectrum == [10.0, -2.0, -2.0, -2.0]
    if boot == "snapshot":
        assert not any("fft" in path for path in manifest["libraries"])


def test_the_snapshot_places_only_the_libraries_its_imports_open(guarded, server):
    """Pyodide's loadPackage loads every library in the numpy wheel (19); the snapshot places only those
    its imports open, each with a dlopen handle, so a restore instantiates nothing that is never used.
    The boot tells when it placed them (the benchmark reads it)."""
    manifest = built_manifest()
    with zipfile.ZipFile(ROOT / "assets" / "vendor" / "pyodide" / manifest["wheel"]) as wheel:
        in_wheel = {"/lib/python3.12/site-packages/" + name for name in wheel.namelist() if name.endswith(".so")}
    assert manifest["libraries"] == sorted(set(manifest["handles"].values()))
    assert set(manifest["libraries"]) < in_wheel and len(in_wheel) == 19
    page = guarded
    open_app(page, server.origin)
    assert page.evaluate(BOOT_JS)["boot"] == "snapshot"
    placed = page.evaluate("() => nnvizRuntime.libraries")
    assert placed["count"] == len(manifest["libraries"]) and 0 < placed["from"] <= placed["to"]


@pytest.mark.parametrize("worker", ["starts", "refused"])
def test_the_snapshot_is_gunzipped_in_a_worker_or_else_on_the_main_thread(guarded, server, worker):
    built_manifest()
    page = guarded
    if worker == "refused":  # as a policy or a sandbox would: the worker script never runs
        page.route("**/assets/gunzip-worker.js", lambda route: route.abort())
    workers = []
    page.on("worker", lambda w: workers.append(w.url))
    open_app(page, server.origin)
    assert page.evaluate(BOOT_JS)["boot"] == "snapshot"
    gunzippers = [u for u in workers if u.endswith("/assets/gunzip-worker.js")]
    assert len(gunzippers) == (0 if worker == "refused" else len(built_manifest()["parts"]))
    page.click("#train")
    page.wait_for_function("() => nnviz.getState().iteration === 100")


def append_to_main(page, code: str) -> None:
    """Serve py/main.py with `code` after it: it runs once the page has started."""
    main = (ROOT / "py" / "main.py").read_text() + code
    page.route("**/py/main.py", lambda route: route.fulfill(status=200, content_type="text/x-python", body=main))


# How each module was loaded: its .pyc's flags (3: hash-checked against the source) and whether that
# hash is the source's; a name only an edited source has; whether numbersview holds the numbertext
# module that is imported now (not one left over from the snapshot); and whether numbertext is the
# snapshot's (what the snapshot holds is frozen: the collector does not list it).
BYTECODE_CHECK = """
import _imp
import importlib._bootstrap_external as _external
import json as _json
import sys as _sys
import js as _js
_loaded = {}
for _name in %r:
    _module = _sys.modules[_name]
    with open(_module.__cached__, "rb") as _f:
        _pyc = _f.read()
    with open(_module.__file__, "rb") as _f:
        _hash = _imp.source_hash(_external._RAW_MAGIC_NUMBER, _f.read())
    _loaded[_name] = [int.from_bytes(_pyc[4:8], "little"), _pyc[8:16] == _hash,
                      getattr(_module, "EDITED_AFTER_THE_BUILD", False)]
_loaded["consistent"] = _sys.modules["numbersview"].numbertext is _sys.modules["numbertext"]
import gc as _gc
_loaded["fromSnapshot"] = not any(_o is vars(_sys.modules["numbertext"]) for _o in _gc.get_objects())
_js.window.nnvizBytecode = _json.dumps(_loaded)
"""


@pytest.mark.parametrize("source, boot", [("as built", "snapshot"), ("edited", "snapshot"), ("as built", "normal")])
def test_modules_load_from_the_snapshot_or_the_builds_bytecode_unless_their_source_changed(
        guarded, server, source, boot, tmp_path):
    """Ours (py/) come imported in the snapshot; PyScript's own package, which PyScript writes and imports
    before our main.py, and ours on the normal boot or once one is edited, from the build's bytecode."""
    manifest = built_manifest()
    paths = [path for path, _, _ in manifest["bytecode"]["entries"]]
    assert "__pycache__/numbertext.cpython-312.pyc" in paths
    assert "pyscript/__pycache__/magic_js.cpython-312.pyc" in paths
    page = guarded
    if source == "edited":  # edited after the build: its bytecode no longer matches and must not run
        shutil.copytree(ROOT / "py", tmp_path / "py", ignore=shutil.ignore_patterns("__pycache__"))
        edited = tmp_path / "py" / "numbertext.py"
        edited.write_text(edited.read_text() + "\nEDITED_AFTER_THE_BUILD = True\n")
        body = modules_zip(tmp_path / "py")
        page.route("**/py/modules.zip", lambda route: route.fulfill(status=200, content_type="application/zip", body=body))
    if boot == "normal":
        switch_snapshot_off(page)
    append_to_main(page, BYTECODE_CHECK % ["numbertext", "pyscript", "pyscript.magic_js"])
    open_app(page, server.origin)
    assert page.evaluate(BOOT_JS)["boot"] == boot
    page.wait_for_function("() => window.nnvizBytecode")
    loaded = json.loads(page.evaluate("() => window.nnvizBytecode"))
    modules = page.evaluate("() => nnvizRuntime.modules")
    if boot == "snapshot":  # all of ours from the snapshot, or, one of them edited, none
        assert modules == ("snapshot" if source == "as built" else "files: numbertext changed")
    else:
        assert modules is None
    for name in ("pyscript", "pyscript.magic_js"):
        assert loaded[name] == [3, True, False], name  # the build's hash-checked .pyc, used
    if source == "as built":  # the build's .pyc (what the normal boot loads); the snapshot boot's own
        assert loaded["numbertext"] == [3, True, False]
        assert loaded["fromSnapshot"] == (boot == "snapshot")
    else:
        assert loaded["numbertext"][2] and not loaded["fromSnapshot"]  # the edited source ran, not the old
    assert loaded["consistent"]
    page.click("#train")
    page.wait_for_function("() => nnviz.getState().iteration === 100")


def test_without_a_snapshot_the_page_boots_normally(guarded, server):
    page = guarded
    messages = collect_console(page)
    serve_manifest(page, {"format": 2, "snapshot": None, "reason": "no Chromium was available where the site was built"})
    boots_normally_and_quietly(page, server.origin, messages, "no Chromium")
    assert snapshot_requests(page) == []


@pytest.mark.parametrize("switched_off", [False, True])
def test_a_site_without_the_snapshots_folder_boots_normally_and_quietly(guarded, server, switched_off):
    """A host may leave assets/vendor/snapshot/ out (all the more when its pyscript.toml switches the
    snapshot off): its 404s are no start-up failure."""
    page = guarded
    messages = collect_console(page)
    page.route("**/assets/vendor/snapshot/**", lambda route: route.fulfill(status=404, body="not found"))
    if switched_off:
        switch_snapshot_off(page)
    boots_normally_and_quietly(page, server.origin, messages, "switched off" if switched_off else "no snapshot")


def test_a_missing_bytecode_file_costs_nothing_but_time(guarded, server):
    manifest = built_manifest()
    page = guarded
    page.route(f"**/assets/vendor/snapshot/{manifest['bytecode']['name']}",
               lambda route: route.fulfill(status=404, body="not found"))
    open_app(page, server.origin)
    assert page.evaluate(BOOT_JS)["boot"] == "snapshot"
    assert page.locator("#error").is_hidden()
    page.click("#train")
    page.wait_for_function("() => nnviz.getState().iteration === 100")


def test_a_stale_snapshot_is_not_downloaded_and_the_page_boots_normally(guarded, server):
    manifest = built_manifest()
    page = guarded
    messages = collect_console(page)
    serve_manifest(page, {**manifest, "lockSha256": "0" * 64})
    boots_normally_and_quietly(page, server.origin, messages, "another runtime")
    assert snapshot_requests(page) == []


def test_other_browser_engines_boot_normally_without_downloading_the_snapshot(browser, server):
    from conftest import Guard

    built_manifest()
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
    context = browser.new_context(user_agent=firefox)
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'userAgentData', {get: () => undefined})")
    try:
        page = context.new_page()
        page.guard = Guard(page, server.origin)
        messages = collect_console(page)
        boots_normally_and_quietly(page, server.origin, messages, "Chromium engines only")
        # only the manifest and our bytecode, which either boot uses
        manifest = built_manifest()
        assert sorted(r for r in page.guard.requests if "/vendor/snapshot/" in r) == sorted(
            f"{server.origin}/assets/vendor/snapshot/{name}" for name in ("manifest.json", manifest["bytecode"]["name"]))
        page.guard.check(page)
    finally:
        context.close()


def test_a_corrupt_snapshot_falls_back_to_the_normal_boot(guarded, server):
    built_manifest()
    page = guarded
    messages = collect_console(page)
    page.route("**/*.snapshot.gz", lambda route: route.fulfill(status=200, body=b"\x1f\x8b\x08\x00" + b"not gzip" * 64))
    boots_normally_and_quietly(page, server.origin, messages, "could not be read")


def test_a_snapshot_failing_its_self_check_falls_back_to_the_normal_boot(guarded, server):
    manifest = built_manifest()
    page = guarded
    messages = collect_console(page)
    serve_manifest(page, {**manifest, "selfCheck": "('0.0', 0.0, 0.0)"})
    boots_normally_and_quietly(page, server.origin, messages, "self-check")
    assert len(snapshot_requests(page)) == len(manifest["parts"])


def test_on_a_slow_line_the_normal_boot_starts_before_the_preloads_have_arrived(browser, server):
    """At 20 Mbps the 8 MB snapshot would take longer than the CPU time it saves. The loader knows that
    once a line just fast enough would have brought the preloaded runtime files (their sizes are in the
    manifest), and starts the normal boot then, its wasm compile overlapping the rest of the download."""
    manifest = built_manifest()
    assert manifest["sizes"]["pyodide.asm.wasm"] > 5e6
    messages: list[tuple[str, str]] = []  # (a load made again starts it afresh)
    with throttled_app(browser, server.origin, 20, 5, 20, setup=lambda page: collect_console(page, messages)) as page:
        booted_normally_and_quietly(page, messages, "connection is too slow")
        page.evaluate("nnvizBoot.laterDownloads")  # the second wave has started (or left the wheel out)
        page.wait_for_timeout(500)
        normal_from, wasm_arrived, wheel = page.evaluate("""() => {
            const all = performance.getEntriesByType('resource');
            return [nnvizRuntime.normalFrom, all.find((e) => e.name.endsWith('/pyodide.asm.wasm')).responseEnd,
                    all.filter((e) => e.name.endsWith('.whl')).map((e) => ({start: e.startTime, by: e.initiatorType}))];
        }""")
        assert normal_from < wasm_arrived - 1000, (normal_from, wasm_arrived)
        # The numpy wheel does not share the line with the wasm until the normal boot asks for it, and the
        # runtime's own fetch is its only request (no second-wave preload of it left unused).
        assert [w["by"] for w in wheel] == ["fetch"], wheel
        assert wheel[0]["start"] >= normal_from, (wheel, normal_from)
        assert snapshot_requests(page) == []


@pytest.mark.parametrize("megabytes_per_s, save_data, slow", [
    (25.0, False, False),  # a local server or a fast line: 10 MB in 0.4 s
    (2.5, False, True),    # 20 Mbps: 4 s, more than the CPU time the snapshot saves
    (25.0, True, True),    # the visitor asked to save data
    (None, False, True),   # no preload to measure: do not gamble
])
def test_the_snapshot_is_skipped_on_slow_connections(guarded, server, megabytes_per_s, save_data, slow):
    page = guarded
    page.goto(f"{server.origin}/scripts/snapshot-page.html")
    rate = None if megabytes_per_s is None else megabytes_per_s * 1e6 / 1e3  # bytes per ms
    reason = page.evaluate("async ([rate, saveData]) => (await import('/assets/pyodide-loader.mjs')).tooSlow(10e6, rate, saveData)",
                           [rate, save_data])
    assert bool(reason) == slow, reason


PLACE_JS = """async ([manifest, parts, dirty, written]) => {
    const { placeSnapshot } = await import("./assets/pyodide-snapshot.mjs");
    const decode = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const image = new Uint8Array(manifest.bytes);
    const heap = new Uint8Array(manifest.bytes).fill(dirty);
    const header = placeSnapshot(manifest, parts.map(decode), image, heap, written ?? undefined);
    const encode = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
    return { header, image: encode(image), heap: encode(heap) };
}"""


def placed(page, written=None):
    """A made-up snapshot file placed over memory whose every byte is 0xAA: (file, header, image, heap)."""
    rng = random.Random(3)
    header = 48 + 16  # magic, header length, ..., as Pyodide lays it out
    raw = bytearray(header + 7 * PAGE + 100)
    raw[0:8] = b"\x00\x50\x6f\x70" + header.to_bytes(4, "little")
    for page_no in (0, 1, 4, 6):  # pages 2, 3 and 5 all zeros: in no run
        for _ in range(40):
            raw[header + page_no * PAGE + rng.randrange(PAGE)] = rng.randrange(1, 256)
    raw[-1] = 9
    packed = pack(bytes(raw), parts=2)
    manifest = {"bytes": len(raw), "parts": [{"name": f"p{i}", "runs": runs} for i, (runs, _) in enumerate(packed)]}
    parts = [base64.b64encode(payload).decode() for _, payload in packed]
    out = page.evaluate(PLACE_JS, [manifest, parts, 0xAA, written])
    covered = [(offset - header, offset + length - header) for part in manifest["parts"] for offset, length in part["runs"]]
    return raw, out["header"], base64.b64decode(out["image"]), base64.b64decode(out["heap"]), covered


def test_the_snapshot_is_placed_with_one_copy_over_memory_the_runtime_has_written(guarded, server):
    """placeSnapshot does Pyodide's copy itself: the file's header into the buffer Pyodide reads it from,
    the memory image straight into the runtime's memory, and zeros where the parts have no run, over
    memory the runtime's own start-up wrote (here every byte 0xAA)."""
    page = guarded
    open_app(page, server.origin)
    raw, header, image, heap, _ = placed(page)
    assert header == 48 + 16
    assert image[:header] == raw[:header] and not any(image[header:])
    assert heap[:len(raw) - header] == raw[header:]
    assert set(heap[len(raw) - header:]) == {0xAA}  # past the image: Pyodide's copy never wrote there either


def test_memory_past_what_the_runtime_has_written_is_left_as_the_new_memory_it_is(guarded, server):
    """Told where the runtime's writes end (its break), placeSnapshot writes zeros only before that: a new
    memory is zeros already, and writing them would commit its pages for nothing. Here that end falls in
    the all-zero pages 2 and 3; the runs past it are still copied."""
    page = guarded
    open_app(page, server.origin)
    written = 2 * PAGE + 1000
    raw, header, _, heap, covered = placed(page, written)
    image = np.frombuffer(bytes(raw[header:]), np.uint8)
    heap = np.frombuffer(heap, np.uint8)[:len(image)]
    run = np.zeros(len(image), bool)
    for start, end in covered:
        run[max(start, 0):end] = True
    before = np.arange(len(image)) < written
    assert (heap[run] == image[run]).all()  # the runs: copied
    assert (heap[~run & before] == 0).all()  # gaps the runtime may have written: zeroed
    assert (heap[~run & ~before] == 0xAA).all() and (~run & ~before).sum() > PAGE  # past its writes: left alone


@pytest.mark.parametrize("written", [-1, 10**12, 2.5])
def test_a_written_end_that_is_no_place_in_memory_counts_as_all_of_it(guarded, server, written):
    page = guarded
    open_app(page, server.origin)
    raw, header, _, heap, _ = placed(page, written)
    assert heap[:len(raw) - header] == raw[header:]  # every gap zeroed, as with no end given
