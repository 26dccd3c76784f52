// Benchmark reference (bench/run.py only): the page's SVG diagram driven by plain JavaScript.
// URL: render.html?hidden=1..64&speed=1|5|20&mode=class|style&w=<css px>&h=<css px>&autoplay=1
// Each animation frame: `speed` training iterations (nn.js, the page's maths), one forward pass of the
// last trained digit, then EVERY line and neuron is restyled - no "only what changed" bookkeeping:
//   mode=class (default): setAttribute("class", bucket) with the page's bucket classes and CSS;
//   mode=style: inline stroke / stroke-width / stroke-opacity computed from the raw weight.
// window.refbench mirrors the parts of window.nnviz the benchmark reads: perf(), getState(), play(),
// pause(), setSpeed(), reset([w_ih, w_ho]).
(function () {
  "use strict";
  const { Trainer, DIGITS } = window.NNRef;
  const params = new URLSearchParams(location.search);
  const intParam = (name, dflt) => (params.has(name) ? parseInt(params.get(name), 10) : dflt);
  const hidden = Math.min(64, Math.max(1, intParam("hidden", 10)));
  let speed = intParam("speed", 1);
  const mode = params.get("mode") === "style" ? "style" : "class";

  // ---- the page's palette (py/palette.py) -----------------------------------------------------
  const WEIGHT_EDGES = [0.1, 0.25, 0.5, 1.0, 2.0, 4.0];
  const WEIGHT_LEVELS = WEIGHT_EDGES.length + 1;
  const WEIGHT_WIDTHS = [0.5, 0.8, 1.2, 1.8, 2.6, 3.6, 4.8];
  const WEIGHT_OPACITY = [0.1, 0.22, 0.36, 0.52, 0.68, 0.82, 0.95];
  const WEIGHT_CLASSES = [];
  for (let i = 0; i < WEIGHT_LEVELS; i++) WEIGHT_CLASSES.push(`wp${i}`);
  for (let i = 0; i < WEIGHT_LEVELS; i++) WEIGHT_CLASSES.push(`wn${i}`);
  const ACT_LEVELS = 11;
  const ACT_CLASSES = Array.from({ length: ACT_LEVELS }, (_, i) => `a${i}`);
  const LIGHT = [244, 245, 251], DARK = [43, 47, 122];
  const actRgb = (level) => LIGHT.map((lo, c) => Math.round(lo + (DARK[c] - lo) * (level / (ACT_LEVELS - 1))));

  const rules = [];
  WEIGHT_CLASSES.forEach((name, code) => {
    const level = code % WEIGHT_LEVELS, colour = code >= WEIGHT_LEVELS ? "var(--neg)" : "var(--pos)";
    rules.push(`#network .${name}{stroke:${colour};stroke-width:${WEIGHT_WIDTHS[level]};stroke-opacity:${WEIGHT_OPACITY[level]}}`);
  });
  ACT_CLASSES.forEach((name, level) => rules.push(`#network .${name}{fill:rgb(${actRgb(level).join(",")})}`));
  const style = document.createElement("style");
  style.textContent = rules.join("\n");
  document.head.appendChild(style);

  const weightCode = (w) => {
    const a = Math.abs(w);
    let level = 0;
    while (level < WEIGHT_EDGES.length && a >= WEIGHT_EDGES[level]) level++;
    return level + (w < 0 ? WEIGHT_LEVELS : 0);
  };
  const actCode = (a) => Math.round(Math.min(Math.max(a || 0, 0), 1) * (ACT_LEVELS - 1));

  // ---- the page's geometry (py/layout.py) ---------------------------------------------------------
  const TOP = 42, BOTTOM = 460 - 14, INPUT_LEFT = 18, INPUT_CELL = 26, INPUT_PITCH = 32;
  const HIDDEN_X = 372, OUTPUT_X = 560, OUTPUT_PITCH = 40, OUTPUT_RADIUS = 13;
  const column = (count, pitch, top, bottom) => {
    if (count === 1) return [(top + bottom) / 2];
    pitch = Math.min(pitch, (bottom - top) / (count - 1));
    const start = (top + bottom) / 2 - (pitch * (count - 1)) / 2;
    return Array.from({ length: count }, (_, i) => start + pitch * i);
  };
  const hPitch = Math.min(44, (BOTTOM - TOP - 2 * 13) / Math.max(hidden - 1, 1));
  const hRadius = Math.min(Math.max(hPitch * 0.4, 2.5), 13);
  const inputTop = (TOP + BOTTOM) / 2 - (INPUT_PITCH * 4) / 2, inputLeft = INPUT_LEFT + INPUT_CELL / 2;
  const inputXY = Array.from({ length: 25 }, (_, i) => [inputLeft + (i % 5) * INPUT_PITCH, inputTop + Math.floor(i / 5) * INPUT_PITCH]);
  const hiddenXY = column(hidden, hPitch, TOP + hRadius, BOTTOM - hRadius).map((y) => [HIDDEN_X, y]);
  const outputXY = column(10, OUTPUT_PITCH, TOP + OUTPUT_RADIUS, BOTTOM - OUTPUT_RADIUS).map((y) => [OUTPUT_X, y]);

  // ---- build once (markup, like the page) ---------------------------------------------------------
  const svg = document.getElementById("network");
  if (params.has("w")) svg.style.width = `${parseFloat(params.get("w"))}px`;
  if (params.has("h")) svg.style.height = `${parseFloat(params.get("h"))}px`;
  const f1 = (v) => v.toFixed(1);
  const group = (cls, markup) => {
    const g = document.createElementNS("http://www.w3.org/2000/svg", "g");
    g.setAttribute("class", cls);
    g.innerHTML = markup;
    svg.appendChild(g);
    return Array.from(g.children);
  };
  let m = "";
  for (let j = 0; j < hidden; j++) for (let i = 0; i < 25; i++) {
    const [x1, y1] = inputXY[i], [x2, y2] = hiddenXY[j];
    m += `<line x1="${f1(x1)}" y1="${f1(y1)}" x2="${f1(x2)}" y2="${f1(y2)}" class="wp0" data-layer="ih" data-from="${i}" data-to="${j}"/>`;
  }
  const ihLines = group("links-ih links", m);
  m = "";
  for (let k = 0; k < 10; k++) for (let j = 0; j < hidden; j++) {
    const [x1, y1] = hiddenXY[j], [x2, y2] = outputXY[k];
    m += `<line x1="${f1(x1)}" y1="${f1(y1)}" x2="${f1(x2)}" y2="${f1(y2)}" class="wp0" data-layer="ho" data-from="${j}" data-to="${k}"/>`;
  }
  const hoLines = group("links-ho links", m);
  const lines = ihLines.concat(hoLines); // same order as the weight buffer: w_ih row-major, then w_ho
  const half = INPUT_CELL / 2;
  const inputs = group("inputs", inputXY.map(([x, y], i) =>
    `<rect x="${f1(x - half)}" y="${f1(y - half)}" width="26.0" height="26.0" rx="3" class="a0" data-index="${i}"/>`).join(""));
  const hiddens = group("hidden", hiddenXY.map(([x, y], i) =>
    `<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(hRadius)}" class="a0" data-index="${i}"/>`).join(""));
  const outputs = group("outputs", outputXY.map(([x, y], i) =>
    `<circle cx="${f1(x)}" cy="${f1(y)}" r="13.0" class="a0" data-index="${i}"/>`).join(""));
  const labels = group("labels", outputXY.map(([x, y], k) =>
    `<text x="${f1(x + 21)}" y="${f1(y)}" dy="0.35em" class="out-label">${k}</text>`).join(""));
  const iterationsText = document.getElementById("iterations");

  // ---- per frame: train, forward, restyle everything ------------------------------------------------
  let trainer = new Trainer(hidden, 0.5, 0);
  let net = trainer.network;
  const WINDOW = 600;
  const frameMs = new Float64Array(WINDOW), frameWrites = new Float64Array(WINDOW);
  let frames = 0, totalWrites = 0, running = params.get("autoplay") === "1", pending = false;

  function restyle() {
    const w = net.weights;
    let writes = 0;
    if (mode === "class") {
      for (let i = 0; i < lines.length; i++) lines[i].setAttribute("class", WEIGHT_CLASSES[weightCode(w[i])]);
    } else {
      for (let i = 0; i < lines.length; i++) {
        const v = w[i], a = Math.min(Math.abs(v), 4), s = lines[i].style;
        s.stroke = v < 0 ? "var(--neg)" : "var(--pos)";
        s.strokeWidth = (0.5 + 1.1 * a).toFixed(2);
        s.strokeOpacity = (0.1 + 0.2125 * a).toFixed(3);
      }
    }
    writes += lines.length;
    const shown = trainer.iteration ? (trainer.iteration - 1) % 10 : 0;
    const image = DIGITS[shown];
    net.forward(image);
    let predicted = 0;
    for (let k = 1; k < 10; k++) if (net.out[k] > net.out[predicted]) predicted = k;
    for (let i = 0; i < 25; i++) inputs[i].setAttribute("class", ACT_CLASSES[actCode(image[i])]);
    for (let j = 0; j < hidden; j++) hiddens[j].setAttribute("class", ACT_CLASSES[actCode(net.hid[j])]);
    for (let k = 0; k < 10; k++) {
      outputs[k].setAttribute("class", ACT_CLASSES[actCode(net.out[k])] + (k === predicted ? " predicted" : ""));
      labels[k].setAttribute("class", k === predicted ? "out-label predicted" : "out-label");
    }
    writes += 25 + hidden + 20;
    iterationsText.textContent = trainer.iteration.toLocaleString("en-US");
    return writes + 1;
  }

  function frame() {
    pending = false;
    const start = performance.now();
    if (running) trainer.step(speed);
    const writes = restyle();
    const slot = frames % WINDOW;
    frameMs[slot] = performance.now() - start;
    frameWrites[slot] = writes;
    totalWrites += writes;
    frames++;
    if (running) request();
  }

  function request() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(frame);
    }
  }

  window.refbench = {
    mode,
    perf() {
      const n = Math.min(frames, WINDOW);
      return { frames, frameMs: Array.from(frameMs.subarray(0, n)), writes: Array.from(frameWrites.subarray(0, n)), totalWrites };
    },
    getState: () => ({ iteration: trainer.iteration, hidden, speed, running, accuracy: 100 * trainer.accuracy, loss: trainer.loss }),
    play() { running = true; request(); },
    pause() { running = false; },
    setSpeed(s) { speed = s; },
    // A fresh session, optionally from given weights (e.g. the page's, from nnviz.getState().weights),
    // so the reference follows exactly the page's training trajectory.
    reset(wIH, wHO) {
      running = false;
      trainer = new Trainer(hidden, 0.5, 0);
      net = trainer.network;
      if (wIH && wHO) {
        net.setWeights(wIH, wHO);
        trainer.evaluate();
      }
      request();
    },
  };
  request();
  document.documentElement.dataset.ready = "1";
})();
