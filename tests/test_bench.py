"""The benchmark harness (`make bench`) keeps working: a --quick run yields every section (make bench-smoke).

The numbers of a quick run mean little (tiny counts, a shared machine); the smoke test only checks
that each measurement was made and is a sane number, so the harness cannot silently rot. Without a
browser (make check): the plain-JavaScript reference really computes the page's maths, and the
report survives missing sections.
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
@pytest.mark.bench
def test_quick_benchmark_run_measures_every_section(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(RUN), "--quick", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, f"bench/run.py --quick failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    r = json.loads(out.read_text())
    assert r["errors"] == []
    for section in ("startup", "training", "frames", "memory", "weight"):
        assert section in r and "error" not in r[section], f"section {section} missing or failed"

    # 1. start-up (the README's rows): cold and warm loads, first paint, the bare runtime.
    for kind in ("cold", "warm"):
        ready = _check(r, f"startup.{kind}.ready_ms", high=300_000)
        _check(r, f"startup.{kind}.fcp_ms", high=ready)
    _check(r, "startup.bare_pyodide.cold.numpyImported", high=300_000)

    # 2. training: page, CPython and plain JS at both sizes.
    for hidden in (10, 64):
        for key in ("page_us", "cpython_us", "js_us", "page_vs_cpython", "page_vs_js", "batch_of_100_ms"):
            _check(r, f"training.by_hidden.h{hidden}.{key}", high=1e6)

    # 3. frames: page and plain-JS reference, both sizes and speeds; the reference writes everything.
    for who in ("page", "reference"):
        for hidden in (10, 64):
            for speed in ("speed1", "speed20"):
                base = f"frames.{who}.h{hidden}.{speed}"
                _check(r, f"{base}.fps", high=1000)
                _check(r, f"{base}.browser_fps", high=1000)
                _check(r, f"{base}.callback_ms_median", high=10_000)
                _check(r, f"{base}.callback_ms_p95", high=10_000)
                _check(r, f"{base}.iterations_per_s", high=100_000)
                _check(r, f"{base}.writes_per_frame_median", high=100_000)
    lines = 25 * 64 + 64 * 10
    assert r["frames"]["page"]["h64"]["lines"] == lines
    assert r["frames"]["reference"]["h64"]["speed1"]["writes_per_frame_median"] > lines  # every line, every frame
    assert r["frames"]["page"]["h64"]["speed1"]["writes_per_frame_median"] < lines  # only what changed
    _check(r, "frames.ratio_h64.speed1")

    # 4. memory: both heaps read before and after.
    assert r["memory"]["iterations"] >= 2_000
    for key in ("js_heap_before", "js_heap_after", "wasm_before", "wasm_after"):
        _check(r, f"memory.{key}")
    for key in ("js_heap_growth_pct", "wasm_growth_pct"):
        _check(r, f"memory.{key}", low=-100, high=1000)

    # 5. page weight: the runtime's big files are in the total.
    w = r["weight"]
    assert w["wasm"] > 1_000_000 and w["numpy"] > 1_000_000 and w["our_python"] > 0
    assert w["total_transfer"] > w["wasm"] + w["numpy"] + w["stdlib"]

    # Every target was judged against a number.
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
                        "python": "3", "numpy": "2", "git_commit": None, "loadavg_start": [0.1], "loadavg_end": [0.1],
                        "seconds": 1.0},
               "startup": {"error": "boom"}, "errors": ["startup: boom"], "warnings": []}
    results["targets"] = run.evaluate_targets(results)
    assert all(t["ok"] is None for t in results["targets"])
    text = run.report(results)
    assert "### Targets" in text and "startup: boom" in text
