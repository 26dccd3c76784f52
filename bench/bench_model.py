"""How long one training iteration takes under CPython (a benchmark, not a test).

Run:  python bench/bench_model.py
Import:  from bench_model import measure  (with bench/ on sys.path)

What is timed is what the page's Play and Train run: Trainer.step(n) on a fresh network (n
iterations, one evaluation, one loss-history point). Medians, because noise only ever adds time.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "py"))

import trainer  # noqa: E402  (needs py/ on sys.path first)


def measure(hidden, iterations=1000, repeats=5):
    """µs per iteration of Trainer.step(iterations), median of `repeats` fresh networks after a warm-up."""
    if iterations < 1 or repeats < 1:
        raise ValueError("iterations and repeats must be at least 1")
    times = []
    for attempt in range(repeats + 1):
        session = trainer.Trainer(hidden=hidden, learning_rate=0.5, seed=0)
        start = time.perf_counter()
        session.step(iterations)
        if attempt:  # the first is the warm-up: caches, CPU clock
            times.append(time.perf_counter() - start)
    per_iteration = [1e6 * t / iterations for t in times]
    return {"hidden": hidden, "iterations": iterations, "repeats": repeats,
            "step_us_per_iteration": statistics.median(per_iteration)}


def main():
    import numpy

    print(f"CPython {sys.version.split()[0]}, numpy {numpy.__version__}")
    for hidden in (10, 64):
        r = measure(hidden)
        print(f"H={hidden:2d}: Trainer.step({r['iterations']}) = {r['step_us_per_iteration']:.1f} µs per iteration "
              f"(median of {r['repeats']})")


if __name__ == "__main__":
    main()
