"""Section 1, start-up: the page's boot paths against each other and against the bare runtime.

In alternating rounds, each in brand-new profiles (cold, then reloads: warm):
  snapshot  the page as shipped: Pyodide restored from the build's memory snapshot (data-boot="snapshot")
  normal    the same page with the snapshot switched off (its manifest answers "no snapshot"): today's boot
  bare      bench/reference/pyodide-boot.html: Pyodide + numpy alone, no PyScript, none of our code
then cold loads of snapshot and normal at 20 Mbps (CDP Network.emulateNetworkConditions), where the
snapshot's bigger download competes with the CPU it saves. Per cold load it also records the boot path,
Pyodide's wasm memory and the renderer's peak resident memory (VmHWM from /proc, Linux only).
Only STARTUP_JS is injected (cheap wrappers), so the load it times is the load a visitor gets.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from conftest import CHROMIUM_FLAGS, pyscript_toml
from harness import BOOT_TIMEOUT_MS, VIEWPORT, chromium_path, log
from js_snippets import COLLECT_STARTUP_JS, STARTUP_JS
from serve import Handler
from startup_analysis import analyse_load, summarise_paths, summarise_startup

PATHS = ("snapshot", "normal", "bare")
THROTTLE = {"offline": False, "latency": 20, "downloadThroughput": 20e6 / 8, "uploadThroughput": 5e6 / 8}
COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".toml", ".py", ".svg", ".wasm"}
BOOT_INFO_JS = """() => ({ boot: document.documentElement.dataset.boot || null,
    reason: window.nnvizRuntime ? window.nnvizRuntime.reason : null,
    jspi: window.nnvizRuntime ? window.nnvizRuntime.jspi : null,
    askedAt: window.nnvizRuntime ? window.nnvizRuntime.askedAt : null,
    libraries: window.nnvizRuntime ? window.nnvizRuntime.libraries || null : null,
    wasmBytes: window.nnvizRuntime ? window.nnvizRuntime.wasmMemoryBytes() : null })"""


@contextmanager
def profile_page(bench, label, throttle=False):
    """A page in a brand-new profile (empty HTTP and code caches); yields (page, profile dir)."""
    with tempfile.TemporaryDirectory(prefix="nnviz-bench-startup-") as profile:
        context = bench.p.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=CHROMIUM_FLAGS, viewport=VIEWPORT)
        try:
            context.add_init_script(STARTUP_JS)
            page = context.pages[0] if context.pages else context.new_page()
            bench.watch(page, label)
            if throttle:
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", THROTTLE)
            yield page, profile
        finally:
            context.close()


class GzipHandler(Handler):
    """Serves text, JSON and wasm gzip-encoded, as GitHub Pages does (not .zip, .whl, .gz)."""

    cache: dict = {}

    def do_GET(self):  # noqa: N802 - the base class's name
        path = Path(self.translate_path(self.path))
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().do_GET()
        key = (str(path), path.stat().st_mtime)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def mirror(site, mode="auto", compress=False):
    """The same site on another local server, its interpreter line flagged ?snapshot=`mode` (off, always;
    auto: as shipped, unflagged), gzip-encoding like a static host with `compress`. Everything else is a symlink into `site`.
    (Not a Playwright route: routing turns the HTTP cache off, which would make every reload cold.)"""
    with tempfile.TemporaryDirectory(prefix="nnviz-bench-mirror-") as tmp:
        root = Path(tmp)
        for item in site.iterdir():
            if item.name != "pyscript.toml":
                (root / item.name).symlink_to(item)
        # as shipped (auto): the URL the page preloads
        toml = (site / "pyscript.toml").read_text() if mode == "auto" else pyscript_toml(mode, site)
        (root / "pyscript.toml").write_text(toml)
        with serving(root, compress) as origin:
            yield origin


@contextmanager
def serving(root, compress=False):
    """`root` on a local server of its own (gzip-encoding with `compress`); yields its origin."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler if compress else Handler, directory=str(root)))
    httpd.quiet = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def renderer_peak_bytes(profile):
    """Peak resident memory of the renderers of the browser using `profile` (None if not on Linux)."""
    procs = {}
    for d in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        procs[int(d.name)] = (ppid, cmd)
    roots = {pid for pid, (_, cmd) in procs.items() if f"--user-data-dir={profile}" in cmd and "--type=" not in cmd}
    peak = None
    for pid, (_, cmd) in procs.items():
        ancestor, seen = pid, 0
        while ancestor in procs and ancestor not in roots and seen < 10:
            ancestor, seen = procs[ancestor][0], seen + 1
        if ancestor in roots and "--type=renderer" in cmd:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), None)
            if kb is not None and (peak is None or kb * 1024 > peak):
                peak = kb * 1024
    return peak


def _load(bench, page, origin, reload=False):
    if reload:
        page.reload(wait_until="commit")
    else:
        page.goto(f"{origin}/index.html", wait_until="commit")
    page.wait_for_function("() => window.__bench && ('ready' in window.__bench.marks || 'error' in window.__bench.marks)",
                           timeout=BOOT_TIMEOUT_MS, polling=50)
    if "error" in page.evaluate("() => window.__bench.marks"):
        raise RuntimeError("the page reported data-ready=error during start-up")
    page.wait_for_function("() => 'first-frame' in window.__bench.marks", timeout=10_000, polling=50)
    page.wait_for_timeout(300)  # let py:done and late resource entries land
    raw = page.evaluate(COLLECT_STARTUP_JS)
    raw["boot_info"] = page.evaluate(BOOT_INFO_JS)
    return raw


def _page_round(bench, path, origin, reloads, throttle=False):
    """One profile: a cold load then `reloads` reloads of the page at `origin`."""
    out = {}
    with profile_page(bench, f"startup {path}{' 20 Mbps' if throttle else ''}", throttle) as (page, profile):
        raw = _load(bench, page, origin)
        out["cold"] = analyse_load(raw)
        out["cold"]["boot_info"] = raw["boot_info"]
        out["cold"]["renderer_peak_bytes"] = renderer_peak_bytes(profile)
        out["raw_cold"] = raw
        for i in range(reloads):
            raw = _load(bench, page, origin, reload=True)
            out["warm" if i == 0 else "warm2"] = analyse_load(raw)
            out["warm" if i == 0 else "warm2"]["boot_info"] = raw["boot_info"]
    expected = {"snapshot": "snapshot", "normal": "normal"}.get(path)  # auto: the loader's choice
    used = {k: v["boot_info"]["boot"] for k, v in out.items() if k != "raw_cold"}
    if expected and any(b != expected for b in used.values()):
        bench.warnings.append(f"start-up {path}: boot paths were {used} ({out['cold']['boot_info']['reason']})")
    return out


def _bare_round(bench):
    """bench/reference/pyodide-boot.html: Pyodide + numpy alone, cold (new profile) and one reload."""
    out = {}
    with profile_page(bench, "bare pyodide") as (page, profile):
        url = f"{bench.server.origin}/bench/reference/pyodide-boot.html"
        for kind in ("cold", "warm"):
            if kind == "cold":
                page.goto(url, wait_until="commit")
            else:
                page.reload(wait_until="commit")
            page.wait_for_selector("html[data-ready]", state="attached", timeout=BOOT_TIMEOUT_MS)
            marks = page.evaluate("""() => ({ ...window.__boot, wasm: window.__bench.wasm,
                transfer: performance.getEntriesByType('resource').reduce((n, r) => n + r.transferSize, 0),
                fcp: (performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint') || {}).startTime })""")
            if marks.get("error"):
                raise RuntimeError(f"bare Pyodide reference failed: {marks['error']}")
            main = [w for w in marks.pop("wasm") if w["kind"] in ("instantiateStreaming", "compileStreaming")]
            marks["wasm_compile"] = main[0]["end"] - main[0]["start"] if main else None
            if kind == "cold":
                marks["renderer_peak_bytes"] = renderer_peak_bytes(profile)
            out[kind] = marks
    return out


def measure(bench):
    site = Path(bench.server.httpd.RequestHandlerClass.keywords["directory"])  # the folder served (--site)
    with mirror(site, "off") as normal, mirror(site, compress=True) as auto_gz, \
            mirror(site, "off", compress=True) as normal_gz, mirror(site, "always", compress=True) as snapshot_gz:
        return _measure(bench, {"snapshot": bench.server.origin, "normal": normal},
                        {"auto": auto_gz, "normal": normal_gz, "snapshot": snapshot_gz})


def _measure(bench, origins, compressed_origins):
    plan = bench.plan
    rounds = {p: [] for p in PATHS}
    for i in range(plan.startup_runs):
        order = PATHS if i % 2 == 0 else PATHS[::-1]
        for path in order:
            if path == "bare":
                rounds["bare"].append(_bare_round(bench))
            else:
                reloads = 2 if i < plan.second_reload_runs else 1
                rounds[path].append(_page_round(bench, path, origins[path], reloads))
        log(f"start-up round {i + 1}/{plan.startup_runs}: "
            + ", ".join(f"{p} {_ready(rounds[p][-1], 'cold'):.0f}/{_ready(rounds[p][-1], 'warm'):.0f} ms" for p in PATHS))
    throttled = {"auto": [], "snapshot": [], "normal": []}
    for i in range(max(1, plan.startup_runs // 2)):
        for path in (("auto", "snapshot", "normal") if i % 2 == 0 else ("normal", "snapshot", "auto")):
            throttled[path].append(_page_round(bench, path, compressed_origins[path], 0, throttle=True))
        log(f"start-up at 20 Mbps {i + 1}: " + ", ".join(f"{p} {throttled[p][-1]['cold']['ready']:.0f} ms" for p in throttled))
    summary = summarise_startup([{**r, "reference": None} for r in rounds["snapshot"]])
    summary["bare_pyodide"] = {kind: _bare_medians(rounds["bare"], kind) for kind in ("cold", "warm")}
    summary["paths"] = summarise_paths(rounds, throttled, THROTTLE)
    return summary


def _ready(run, kind):
    if "ready" in run.get(kind, {}):
        return run[kind]["ready"] or float("nan")
    return run.get(kind, {}).get("numpyImported") or float("nan")


def _bare_medians(runs, kind):
    from stats import median

    keys = ("fcp", "imported", "pyodide", "numpyLoaded", "numpyImported", "wasm_compile", "wasmMemoryBytes",
            "transfer", "renderer_peak_bytes")
    return {k: median([r[kind].get(k) for r in runs if r.get(kind)]) for k in keys}
