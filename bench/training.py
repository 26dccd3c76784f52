"""µs per training iteration at H = 10 and 64: in the page, in CPython and in plain JavaScript.

Each is one Trainer.step(n) of a fresh network (n iterations, one evaluation, one history point):
the model's own Trainer in the page, run through the interpreter PyScript created (probes.RUNTIME_JS);
the same in CPython (bench_model.py); and nn.js, the same maths in plain JavaScript (checked against
the Python by tests/test_bench.py), in the same page. After a warm-up, interleaved, medians.
"""

from __future__ import annotations

import bench_model
from harness import REFERENCE, log
from probes import RUNTIME_JS
from stats import median, ratio

HIDDEN = (10, 64)

PAGE_PY = """
import time
from trainer import Trainer
_t = Trainer(hidden={hidden}, learning_rate=0.5, seed=0)
_start = time.perf_counter()
_t.step({n})
1e6 * (time.perf_counter() - _start) / {n}
"""


def measure(bench):
    n = bench.plan.train_iterations
    with bench.fresh_page(RUNTIME_JS, "training") as page:
        bench.open_app(page)
        page.wait_for_function("() => window.__runtime.interpreter || window.__runtime.error", timeout=30_000)
        error = page.evaluate("() => window.__runtime.error")
        if error:
            raise RuntimeError(f"no interpreter handle from PyScript's hooks: {error}")
        page.add_script_tag(path=str(REFERENCE / "nn.js"))
        timers = {
            "page": lambda h: page.evaluate("(code) => window.__runtime.interpreter.runPython(code)",
                                            PAGE_PY.format(hidden=h, n=n)),
            # nn.js is ~20× faster: 10× the iterations, so the page clock's 0.1 ms steps do not matter.
            "js": lambda h: page.evaluate("([h, n]) => window.NNRef.timeTraining(h, n).usPerIteration", [h, 10 * n]),
            "cpython": lambda h: bench_model.measure(h, iterations=n, repeats=1)["step_us_per_iteration"],
        }
        for _ in range(bench.plan.train_warmup):
            for h in HIDDEN:
                for timer in timers.values():
                    timer(h)
        samples = {(who, h): [] for who in timers for h in HIDDEN}
        for _ in range(bench.plan.train_repeats):
            for h in HIDDEN:
                for who, timer in timers.items():
                    samples[(who, h)].append(timer(h))
    result = {"iterations": n, "repeats": bench.plan.train_repeats, "by_hidden": {}}
    for h in HIDDEN:
        row = {f"{who}_us": median(samples[(who, h)]) for who in timers}
        row["page_vs_cpython"] = ratio(row["page_us"], row["cpython_us"])
        row["page_vs_js"] = ratio(row["page_us"], row["js_us"])
        row["batch_of_100_ms"] = 100 * row["page_us"] / 1000  # derived: the Train button's batch, less one evaluation
        result["by_hidden"][f"h{h}"] = row
        log(f"training H={h}: page {row['page_us']:.1f} µs, CPython {row['cpython_us']:.1f} µs, "
            f"JS {row['js_us']:.2f} µs per iteration")
    return result
