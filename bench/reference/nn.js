// Plain-JavaScript reference of the page's network maths, used only by the benchmark (bench/run.py).
// Never loaded by the site. It mirrors py/network.py Network._train and py/trainer.py Trainer.step:
//   h = sigmoid(W1 x), o = sigmoid(W2 h), L = sum_k (t_k - o_k)^2, t = 0.99 for the right digit else 0,
//   delta_o = 2 lr (o - t) o (1 - o), delta_h = (W2^T delta_o) h (1 - h), W -= outer(delta, input),
// no biases, one image per iteration in the order 0..9, the same divergence checks (finite loss,
// finite weight sum, a copy of the last finite weights) and one evaluation over the ten images per step.
// Everything lives in Float64Arrays laid out like the page's weight buffer: w_ih (H x 25, row-major)
// followed by w_ho (10 x H).
(function (root) {
  "use strict";

  const N_INPUTS = 25;
  const N_OUTPUTS = 10;
  const TARGET_ON = 0.99;

  // The same ten 5x5 digits as py/digits.py ("#" = 1, "." = 0); tests/test_bench.py checks they match.
  const BITMAPS = [
    ".###./#...#/#...#/#...#/.###.", "..#../.##../..#../..#../.###.", ".###./#...#/..##./.#.../#####",
    "####./....#/.###./....#/####.", "#..#./#..#./#####/...#./...#.", "#####/#..../####./....#/####.",
    ".###./#..../####./#...#/.###.", "#####/....#/...#./..#../..#..", ".###./#...#/.###./#...#/.###.",
    ".###./#...#/.####/....#/.###.",
  ];
  const DIGITS = BITMAPS.map((b) => Float64Array.from(b.replace(/\//g, ""), (c) => (c === "#" ? 1 : 0)));

  // As py/network.py: 0.5 + 0.5 tanh(z / 2) (never overflows).
  const sigmoid = (z) => 0.5 + 0.5 * Math.tanh(0.5 * z);

  // Deterministic normal numbers (mulberry32 + Box-Muller). Not numpy's generator: the benchmark only
  // needs weights of the same scale, 1/sqrt(fan_in); the correctness check copies the page's weights in.
  function normals(seed) {
    let a = seed >>> 0;
    const uniform = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  }

  class DivergenceError extends Error {}

  class Network {
    constructor(hidden = 10, learningRate = 0.5, seed = 0) {
      if (!Number.isInteger(hidden) || hidden < 1 || hidden > 64) throw new RangeError("hidden must be 1..64");
      const H = (this.hidden = hidden);
      this.nIH = H * N_INPUTS;
      this.weights = new Float64Array(this.nIH + N_OUTPUTS * H);
      this.good = new Float64Array(this.weights.length);
      this.hid = new Float64Array(H);
      this.out = new Float64Array(N_OUTPUTS);
      this.deltaH = new Float64Array(H);
      this.deltaO = new Float64Array(N_OUTPUTS);
      const next = normals(seed);
      for (let i = 0; i < this.nIH; i++) this.weights[i] = next() / Math.sqrt(N_INPUTS);
      for (let i = this.nIH; i < this.weights.length; i++) this.weights[i] = next() / Math.sqrt(H);
      this.good.set(this.weights);
      this.learningRate = learningRate;
    }

    set learningRate(lr) {
      this._lr = lr;
      this.twoLr = 2 * lr;
    }

    get learningRate() {
      return this._lr;
    }

    // w_ih and w_ho as nested arrays ([H][25], [10][H]), e.g. from nnviz.getState().weights.
    setWeights(wIH, wHO) {
      const H = this.hidden;
      for (let j = 0; j < H; j++) for (let i = 0; i < N_INPUTS; i++) this.weights[j * N_INPUTS + i] = wIH[j][i];
      for (let k = 0; k < N_OUTPUTS; k++) for (let j = 0; j < H; j++) this.weights[this.nIH + k * H + j] = wHO[k][j];
      this.good.set(this.weights);
    }

    getWeights() {
      const H = this.hidden, w = this.weights;
      const wIH = [], wHO = [];
      for (let j = 0; j < H; j++) wIH.push(Array.from(w.subarray(j * N_INPUTS, (j + 1) * N_INPUTS)));
      for (let k = 0; k < N_OUTPUTS; k++) wHO.push(Array.from(w.subarray(this.nIH + k * H, this.nIH + (k + 1) * H)));
      return { inputHidden: wIH, hiddenOutput: wHO };
    }

    // Forward pass into this.hid / this.out (no allocation).
    forward(x) {
      const H = this.hidden, w = this.weights, hid = this.hid, out = this.out, o2 = this.nIH;
      for (let j = 0; j < H; j++) {
        let z = 0;
        const row = j * N_INPUTS;
        for (let i = 0; i < N_INPUTS; i++) z += w[row + i] * x[i];
        hid[j] = sigmoid(z);
      }
      for (let k = 0; k < N_OUTPUTS; k++) {
        let z = 0;
        const row = o2 + k * H;
        for (let j = 0; j < H; j++) z += w[row + j] * hid[j];
        out[k] = sigmoid(z);
      }
    }

    // One iteration on image x with digit `label`; returns that image's loss before the update.
    train(x, label) {
      const H = this.hidden, w = this.weights, hid = this.hid, out = this.out, o2 = this.nIH;
      const dH = this.deltaH, dO = this.deltaO, twoLr = this.twoLr;
      this.forward(x);
      let loss = 0;
      for (let k = 0; k < N_OUTPUTS; k++) {
        const d = out[k] - (k === label ? TARGET_ON : 0);
        loss += d * d;
        dO[k] = d * (out[k] - out[k] * out[k]) * twoLr; // lr * dL/dz_o
      }
      if (!Number.isFinite(loss)) this._diverged();
      for (let j = 0; j < H; j++) {
        let s = 0;
        for (let k = 0; k < N_OUTPUTS; k++) s += dO[k] * w[o2 + k * H + j]; // W2^T delta_o, before W2 moves
        dH[j] = s * (hid[j] - hid[j] * hid[j]);
      }
      for (let k = 0; k < N_OUTPUTS; k++) {
        const row = o2 + k * H, d = dO[k];
        for (let j = 0; j < H; j++) w[row + j] -= d * hid[j];
      }
      for (let j = 0; j < H; j++) {
        const row = j * N_INPUTS, d = dH[j];
        for (let i = 0; i < N_INPUTS; i++) w[row + i] -= d * x[i];
      }
      let sum = 0;
      for (let i = 0; i < w.length; i++) sum += w[i];
      if (!Number.isFinite(sum)) this._diverged();
      this.good.set(w);
      return loss;
    }

    _diverged() {
      this.weights.set(this.good);
      throw new DivergenceError("training diverged");
    }

    // (accuracy in [0, 1], mean loss) over the ten digits, as Network._evaluate.
    evaluate() {
      let correct = 0, total = 0;
      for (let d = 0; d < DIGITS.length; d++) {
        this.forward(DIGITS[d]);
        let best = 0;
        for (let k = 0; k < N_OUTPUTS; k++) {
          const e = this.out[k] - (k === d ? TARGET_ON : 0);
          total += e * e;
          if (this.out[k] > this.out[best]) best = k;
        }
        if (best === d) correct++;
      }
      return [correct / DIGITS.length, total / DIGITS.length];
    }
  }

  // Trainer.step(n): n iterations over the digits in order, then one evaluation.
  class Trainer {
    constructor(hidden = 10, learningRate = 0.5, seed = 0) {
      this.network = new Network(hidden, learningRate, seed);
      this.iteration = 0;
      this.history = [];
      this.evaluate();
    }

    evaluate() {
      [this.accuracy, this.loss] = this.network.evaluate();
    }

    step(n = 1) {
      let index = this.iteration % DIGITS.length;
      for (let done = 0; done < n; done++) {
        this.network.train(DIGITS[index], index);
        index = index + 1 < DIGITS.length ? index + 1 : 0;
      }
      this.iteration += n;
      this.evaluate();
      this.history.push(this.iteration, this.loss);
      return n;
    }
  }

  // µs per iteration of one step(iterations) on a fresh network (bench/training.py).
  function timeTraining(hidden = 10, iterations = 1000) {
    const trainer = new Trainer(hidden, 0.5, 0);
    const start = performance.now();
    trainer.step(iterations);
    const elapsed = performance.now() - start;
    return { hidden, iterations, usPerIteration: (1000 * elapsed) / iterations };
  }

  const api = { N_INPUTS, N_OUTPUTS, TARGET_ON, DIGITS, sigmoid, Network, Trainer, DivergenceError, timeTraining };
  root.NNRef = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
