"""The benchmark harness (`make bench`) keeps working: a --quick run yields every section.

The numbers of a quick run mean little (tiny counts, a shared machine); the test only checks that
each measurement was made and is a sane number, so the harness cannot silently rot. It also checks,
without a browser, that the plain-JavaScript reference really computes the page's maths.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT

RUN = ROOT / "bench" / "run.py"
NN_JS = ROOT / "bench" / "reference" / "nn.js"


def _number(value, low=0.0, high=math.inf, *, strict_low=True):
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return ok and (value > low if strict_low else value >= low) and value <= high


def _check(results, path, low=0.0, high=math.inf, strict_low=True):
    value = results
    for key in path.split(".") if isinstance(path, str) else path:
        assert isinstance(value, dict) and key in value, f"results.json has no {path} (missing {key!r})"
        value = value[key]
    assert _number(value, low, high, strict_low=strict_low), f"{path} = {value!r} is not a number in ({low}, {high}]"
    return value


@pytest.mark.browser
def test_quick_benchmark_run_measures_every_section(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(RUN), "--quick", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, f"bench/run.py --quick failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    r = json.loads(out.read_text())
    assert r["errors"] == []
    for section in ("startup", "training", "rendering", "memory", "weight"):
        assert section in r and "error" not in r[section], f"section {section} missing or failed"

    # 1. start-up: cold and warm loads, FCP, the breakdown and the bare-runtime reference.
    for kind in ("cold", "warm", "warm2"):
        ready = _check(r, f"startup.{kind}.ready_ms", high=300_000)
        _check(r, f"startup.{kind}.fcp_ms", high=ready)
        py_ready = _check(r, f"startup.{kind}.py_ready_ms", high=ready)
        assert _check(r, f"startup.{kind}.boot_ms", high=py_ready)
    for key in ("wasm_compile", "python_init", "numpy_libs", "our_imports", "our_first_draw", "first_frame"):
        _check(r, f"startup.cold.phases_ms.{key}", high=300_000)
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", "numpy wheel", "core.js"):
        start = _check(r, ("startup", "cold", "files", name, "start"), strict_low=False)
        assert _check(r, ("startup", "cold", "files", name, "end")) >= start
    for key in ("pyodide", "numpyLoaded", "numpyImported"):
        _check(r, f"startup.bare_pyodide.cold.{key}", high=300_000)
    # the boot paths side by side: the snapshot boot, the normal boot, the bare runtime, 20 Mbps
    for path in ("snapshot", "normal", "bare"):
        for kind in ("cold_ms", "warm_ms", "transfer_cold", "wasm_bytes"):
            _check(r, f"startup.paths.{path}.{kind}", high=1e9)
    for path in ("snapshot", "normal", "auto"):
        _check(r, f"startup.paths.{path}.slow_cold_ms", high=300_000)
    assert r["startup"]["paths"]["snapshot"]["boot_paths"] == ["snapshot"]
    assert r["startup"]["paths"]["normal"]["boot_paths"] == ["normal"]

    # 2. training: page, CPython and JS, and the reference really is the page's maths.
    for hidden in (10, 64):
        for key in ("page_us", "cpython_us", "js_us", "page_vs_cpython", "page_vs_js"):
            _check(r, f"training.by_hidden.h{hidden}.{key}", high=1e6)
    check = r["training"]["reference_check"]
    assert check["same_images"] is True
    assert check["max_abs_weight_diff"] < 1e-9
    for key in ("numpy_iteration_h10_us", "pure_python_iteration_h64_us", "ufunc_call_us"):
        _check(r, f"training.analysis.page.{key}")
        _check(r, f"training.analysis.cpython.{key}")

    # 3. rendering: page and reference, both speeds.
    for who, keys in (("page", ("h10", "h64")), ("reference", ("h10", "h64", "h64_style"))):
        for key in keys:
            speeds = ("speed1",) if key.endswith("style") else ("speed1", "speed20")
            for speed in speeds:
                base = f"rendering.{who}.{key}.{speed}"
                _check(r, f"{base}.fps", high=1000)
                _check(r, f"{base}.browser_fps", high=1000)
                _check(r, f"{base}.work_ms_median", high=10_000)
                _check(r, f"{base}.work_ms_p95", high=10_000)
                _check(r, f"{base}.writes_median", high=100_000, strict_low=False)
                _check(r, f"{base}.iterations_per_s", high=100_000)
    assert r["rendering"]["page"]["h64"]["lines"] == 25 * 64 + 64 * 10
    _check(r, "rendering.ratio_h64.speed1")

    # 4. memory: both heaps read before and after, a finite growth.
    assert r["memory"]["iterations"] >= r["memory"]["target_iterations"]
    for key in ("js_heap_before", "js_heap_after", "wasm_before", "wasm_after"):
        _check(r, f"memory.{key}")
    for key in ("js_heap_growth_pct", "wasm_growth_pct"):
        _check(r, f"memory.{key}", low=-100, high=1000)

    # 5. page weight: the big runtime files are there, the total is their sum.
    files = {f["file"]: f for f in r["weight"]["files"]}
    assert files["/assets/vendor/pyodide/pyodide.asm.wasm"]["transfer"] > 1_000_000
    assert r["weight"]["total_transfer"] == sum(f["transfer"] for f in r["weight"]["files"])

    # Every target was evaluated against a number.
    assert len(r["targets"]) >= 11
    for t in r["targets"]:
        assert isinstance(t["ok"], bool) and _number(t["value"], low=-math.inf), t
    assert "### Targets" in proc.stdout and ("✓" in proc.stdout or "✗" in proc.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run bench/reference/nn.js")
@pytest.mark.parametrize("hidden,seed", [(1, 0), (10, 2), (64, 5)])
def test_js_reference_computes_the_page_maths(hidden, seed):
    """nn.js started from the Python network's weights ends 137 iterations later with the same weights."""
    import trainer

    t = trainer.Trainer(hidden=hidden, learning_rate=0.5, seed=seed)
    start = [t.network.w_ih.tolist(), t.network.w_ho.tolist()]
    t.step(137)
    script = (
        f"const R = require({json.dumps(str(NN_JS))});"
        "const w = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        f"const t = new R.Trainer({hidden}, 0.5, 0); t.network.setWeights(w[0], w[1]); t.step(137);"
        "console.log(JSON.stringify([t.network.getWeights(), t.loss, t.accuracy, R.DIGITS.map(d => Array.from(d))]));"
    )
    proc = subprocess.run(["node", "-e", script], input=json.dumps(start), capture_output=True, text=True,
                          timeout=60, check=True)
    weights, loss, accuracy, digits = json.loads(proc.stdout)
    from digits import DIGITS

    assert np.array_equal(np.array(digits), DIGITS)
    assert np.abs(np.array(weights["inputHidden"]) - t.network.w_ih).max() < 1e-12
    assert np.abs(np.array(weights["hiddenOutput"]) - t.network.w_ho).max() < 1e-12
    assert loss == pytest.approx(t.loss, abs=1e-12)
    assert accuracy == t.accuracy


def test_report_survives_missing_sections():
    """A run where every measurement failed still prints a report and marks each target n/a."""
    sys.path.insert(0, str(ROOT / "bench"))
    import run

    results = {"meta": {"quick": True, "date": "today", "nproc": 2, "cpu": "cpu", "memory_gb": 1, "chromium": "Chromium",
                        "chromium_path": "/usr/bin/chromium", "playwright": "1", "python": "3", "numpy": "2",
                        "git_commit": None, "loadavg_start": [0.1], "loadavg_end": [0.1], "seconds": 1.0},
               "startup": {"error": "boom"}, "errors": ["startup: boom"], "warnings": []}
    results["targets"] = run.evaluate_targets(results)
    assert all(t["ok"] is None for t in results["targets"])
    text = run.report(results)
    assert "### Targets" in text and "startup: boom" in text
