"""The Python the harness runs inside the page through the Pyodide object (and, for ANALYSIS_PY, in CPython).

Each is a string with an __N__ placeholder for the repeat count; each ends in one JSON string.
"""

# The same Python runs in the page (through the Pyodide object) and in CPython, so the two columns
# of the attribution table measure the same thing. It returns a JSON string.
ANALYSIS_PY = r"""
import json, math, time
import numpy as np
import network

def _per_call(fn, n):
    fn(max(1, n // 10))  # warm-up
    best = math.inf
    for _ in range(5):
        start = time.perf_counter()
        fn(n)
        best = min(best, time.perf_counter() - start)
    return 1e6 * best / n

def _numpy_calls_per_iteration(hidden):
    # Count numpy function calls in one Network._train by swapping network.np for a counting proxy.
    class Counting:
        def __init__(self, module):
            self.module, self.calls = module, 0
        def __getattr__(self, name):
            value = getattr(self.module, name)
            if callable(value) and not isinstance(value, type):
                def counted(*args, **kwargs):
                    self.calls += 1
                    return value(*args, **kwargs)
                return counted
            return value
    net = network.Network(hidden=hidden)
    x = np.zeros(network.N_INPUTS); x[::2] = 1.0
    t = network.target_for(3)
    counter = Counting(np)
    saved = network.np
    network.np = counter
    try:
        net._train(x, t)
    finally:
        network.np = saved
    return counter.calls

def _pure_python_train(hidden):
    # The same iteration written with lists and math.exp-free tanh sigmoid: no numpy calls at all.
    rng = np.random.default_rng(0)
    w_ih = (rng.normal(0, 0.2, size=(hidden, 25))).tolist()
    w_ho = (rng.normal(0, 1 / math.sqrt(hidden), size=(10, hidden))).tolist()
    x = [float(i % 2) for i in range(25)]
    target = [0.99 if k == 3 else 0.0 for k in range(10)]
    tanh, two_lr = math.tanh, 1.0
    def step(n):
        for _ in range(n):
            h = [0.5 + 0.5 * tanh(0.5 * sum(w * xi for w, xi in zip(row, x))) for row in w_ih]
            o = [0.5 + 0.5 * tanh(0.5 * sum(w * hj for w, hj in zip(row, h))) for row in w_ho]
            d_o = [(ok - tk) * (ok - ok * ok) * two_lr for ok, tk in zip(o, target)]
            d_h = [sum(d_o[k] * w_ho[k][j] for k in range(10)) * (h[j] - h[j] * h[j]) for j in range(hidden)]
            for k in range(10):
                row, d = w_ho[k], d_o[k]
                for j in range(hidden):
                    row[j] -= d * h[j]
            for j in range(hidden):
                row, d = w_ih[j], d_h[j]
                for i in range(25):
                    row[i] -= d * x[i]
    return step

def _lean_train(net):
    # What-if: Network._train without the per-iteration divergence bookkeeping (loss, the two
    # finiteness checks and the copy of the last good weights), i.e. checking once per batch instead.
    hid, out, delta_h, delta_o = net._hid, net._out, net._delta_h, net._delta_o
    sigmoid = network.sigmoid
    def train(x, target):
        sigmoid(np.dot(net._w_ih, x, out=hid), out=hid)
        sigmoid(np.dot(net._w_ho, hid, out=out), out=out)
        np.subtract(out, target, out=delta_o)
        np.multiply(net._act, net._act, out=net._slope)
        np.subtract(net._act, net._slope, out=net._slope)
        np.multiply(delta_o, net._slope_o, out=delta_o)
        np.multiply(delta_o, net._two_lr, out=delta_o)
        np.dot(delta_o, net._w_ho, out=delta_h)
        np.multiply(delta_h, net._slope_h, out=delta_h)
        np.dot(net._delta_o_col, net._h_row, out=net._step_ho)
        np.dot(net._delta_h_col, x[None, :], out=net._step_ih)
        np.subtract(net._weights, net._steps, out=net._weights)
    return train

def _analysis(n):
    a, b, out = np.ones(10), np.ones(10), np.empty(10)
    w, x, h = np.ones((64, 25)), np.ones(25), np.empty(64)
    def ufunc(k):
        for _ in range(k):
            np.multiply(a, b, out=out)
    def dot(k):
        for _ in range(k):
            np.dot(w, x, out=h)
    def to_float(k):
        for _ in range(k):
            float(np.dot(a, b))
    def loop(k):
        s = 0.0
        for i in range(k):
            s += i * 0.5
    result = {
        "ufunc_call_us": _per_call(ufunc, 20 * n),
        "dot_64x25_us": _per_call(dot, 10 * n),
        "float_dot_us": _per_call(to_float, 10 * n),
        "python_loop_step_us": _per_call(loop, 200 * n),
    }
    for hidden in (10, 64):
        result[f"numpy_calls_per_iteration_h{hidden}"] = _numpy_calls_per_iteration(hidden)
        result[f"pure_python_iteration_h{hidden}_us"] = _per_call(_pure_python_train(hidden), max(20, n // (4 if hidden == 64 else 1)))
        net = network.Network(hidden=hidden)
        xs = [np.array(r) for r in np.eye(25)[:10]]
        ts = [network.target_for(k) for k in range(10)]
        def train(k, net=net, xs=xs, ts=ts):
            for i in range(k):
                net._train(xs[i % 10], ts[i % 10])
        result[f"numpy_iteration_h{hidden}_us"] = _per_call(train, n)
        try:
            lean = _lean_train(network.Network(hidden=hidden))
            def train_lean(k, lean=lean, xs=xs, ts=ts):
                for i in range(k):
                    lean(xs[i % 10], ts[i % 10])
            result[f"lean_iteration_h{hidden}_us"] = _per_call(train_lean, n)
        except AttributeError:  # the network's private buffers changed: skip the what-if
            pass
    return result

json.dumps(_analysis(__N__))
"""


# Frame attribution: time the pieces of one animation frame on the page's own App (main.py's
# `visualizer`), at H=64, in the page. Uses the page's private structure, so it is best effort: any
# failure leaves the section out instead of failing the run.
FRAME_PY = r"""
import json, time
import numpy as np

def _attribute(n):
    app = visualizer
    app.pause()
    app.set_hidden(64)
    app.render(force_chart=True)
    trainer, net, history = app.trainer, app.trainer.network, app.trainer.history
    def timed(fn):
        for _ in range(max(3, n // 5)):
            fn()
        # The page's clock ticks in 0.1 ms steps (no cross-origin isolation): the mean comes from the
        # total over n calls; the p95 of single calls is only good to 0.1 ms.
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            fn()
            samples.append(1e3 * (time.perf_counter() - start))
        samples.sort()
        return {"mean_ms": sum(samples) / n, "p95_ms": samples[min(n - 1, int(0.95 * n))]}
    image, _kind, _index = app.focus_image()
    def diagram():
        hidden_act, output_act = net.forward(image)
        app.diagram.update(net.w_ih, net.w_ho, image, hidden_act, output_act, int(np.argmax(output_act)))
    def render_running():
        app.running, app.last_chart_ms = True, time.time() * 1e9  # a chart redraw is not due
        try:
            app.render()
        finally:
            app.running = False
    def whole_frame(speed):
        # What App._frame does while playing (train, then render; the chart at most every 100 ms),
        # from fresh weights so the diagram changes as it does right after Play.
        def frame():
            trainer.step(speed)
            app._after_training()
            app.render()
        return frame
    def playing(fn):
        def run():
            app.running = True
            try:
                fn()
            finally:
                app.running = False
        return run
    app.reset()
    fresh_1 = timed(playing(whole_frame(1)))
    app.reset()
    fresh_20 = timed(playing(whole_frame(20)))
    app.reset()
    result = {
        "hidden": trainer.hidden,
        "trainer_step_1": timed(lambda: trainer.step(1)),
        "trainer_step_20": timed(lambda: trainer.step(20)),
        "evaluate_10_images": timed(trainer.evaluate),
        "forward_and_diagram_update": timed(diagram),
        "loss_chart_redraw": timed(lambda: app.chart.update(history.iterations, history.losses, (object(),))),
        "render_without_chart": timed(render_running),
        "whole_frame_speed_1": fresh_1,
        "whole_frame_speed_20": fresh_20,
    }
    app.set_hidden(10)
    app.render(force_chart=True)
    return result

json.dumps(_attribute(__N__))
"""
