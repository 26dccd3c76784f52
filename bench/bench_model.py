"""How long one training iteration takes under CPython (a benchmark, not a test).

Run:  python bench/bench_model.py
Import:  from bench_model import measure  (with bench/ on sys.path)

Timings are medians over repeats, because a shared machine's noise only ever adds time.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "py"))

import network  # noqa: E402  (needs py/ on sys.path first)
import trainer  # noqa: E402
from digits import DIGITS  # noqa: E402


def _time_iterations(net, iterations):
    """Seconds for `iterations` bare iterations (the hot path, images in training order)."""
    images = list(DIGITS)
    targets = [network.target_for(label) for label in range(len(images))]
    train = net._train
    start = time.perf_counter()
    for i in range(iterations):
        train(images[i % 10], targets[i % 10])
    return time.perf_counter() - start


def measure(hidden, iterations=1000, repeats=5):
    """Time `repeats` batches of `iterations` iterations at this hidden size, in microseconds.

    Returns a dict: us_per_iteration (median batch / iterations) with its min and max, and
    step_us, the median time of one Trainer.step(iterations) call (iterations + scoring both sets
    at the end and every 10 iterations the history keeps + the last iteration's copies), also
    given per iteration as step_us_per_iteration.
    """
    hidden = network.validate_hidden(hidden)
    if iterations < 1 or repeats < 1:
        raise ValueError("iterations and repeats must be at least 1")
    net = network.Network(hidden=hidden)
    _time_iterations(net, iterations)  # warm-up: caches, CPU clock
    batches = [_time_iterations(net, iterations) for _ in range(repeats)]
    session = trainer.Trainer(hidden=hidden)
    steps = []
    for _ in range(repeats):
        start = time.perf_counter()
        session.step(iterations)
        steps.append(time.perf_counter() - start)
    per_iteration = [1e6 * b / iterations for b in batches]
    step_us = 1e6 * statistics.median(steps)
    return {
        "hidden": hidden,
        "iterations": iterations,
        "repeats": repeats,
        "us_per_iteration": statistics.median(per_iteration),
        "us_per_iteration_min": min(per_iteration),
        "us_per_iteration_max": max(per_iteration),
        "step_us": step_us,
        "step_us_per_iteration": step_us / iterations,
    }


def main():
    import numpy

    print(f"CPython {sys.version.split()[0]}, numpy {numpy.__version__}")
    for hidden in (10, 64):
        r = measure(hidden)
        print(f"H={hidden:2d}: {r['us_per_iteration']:6.1f} us/iteration "
              f"(min {r['us_per_iteration_min']:.1f}, max {r['us_per_iteration_max']:.1f}; "
              f"median of {r['repeats']} x {r['iterations']}); "
              f"Trainer.step({r['iterations']}) = {r['step_us']:.0f} us "
              f"({r['step_us_per_iteration']:.1f} us/iteration)")


if __name__ == "__main__":
    main()
