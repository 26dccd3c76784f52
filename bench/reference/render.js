// Benchmark reference (bench/frames.py only): the page's own diagram, trained and restyled by plain
// JavaScript. The harness hands over what the page drew (its SVG markup, at its size), the page's
// palette CSS and bucket table (py/palette.py, read in CPython), and each speed's starting weights.
// Each animation frame: `speed` iterations (nn.js, the page's maths), a forward pass of the last
// trained digit, then EVERY line and neuron gets its class written: no "only what changed" bookkeeping.
// window.refbench: load(svg, css, width, height, buckets), play(speed, wIH, wHO), pause(), getState().
(function () {
  "use strict";
  const { Trainer, DIGITS } = window.NNRef;
  let trainer = null, speed = 1, running = false, pending = false;
  let lines = [], index = [], inputs = [], hiddens = [], outputs = [], labels = [], buckets = null;

  function load(svgMarkup, css, width, height, table) {
    buckets = table;
    const style = document.createElement("style");
    style.textContent = css;
    document.head.appendChild(style);
    document.getElementById("network").outerHTML = svgMarkup;
    const svg = document.getElementById("network");
    svg.style.width = `${width}px`;
    svg.style.height = `${height}px`;
    svg.style.maxHeight = "none";
    lines = Array.from(svg.querySelectorAll("line[data-layer]"));
    const hidden = svg.querySelectorAll('[data-layer="hidden"]:not(line)').length;
    // Each line's place in the weight buffer (w_ih row-major, then w_ho), from its data attributes.
    index = lines.map((e) => {
      const from = +e.dataset.from, to = +e.dataset.to;
      return e.dataset.layer === "ih" ? to * 25 + from : hidden * 25 + to * hidden + from;
    });
    const neurons = (layer) => Array.from(svg.querySelectorAll(`[data-layer="${layer}"]:not(line)`))
      .sort((a, b) => a.dataset.index - b.dataset.index);
    [inputs, hiddens, outputs] = ["input", "hidden", "output"].map(neurons);
    labels = Array.from(svg.querySelectorAll(".out-label"));
  }

  function weightClass(w) {
    let level = 0;
    while (level < buckets.edges.length && Math.abs(w) >= buckets.edges[level]) level++;
    return buckets.weightClasses[level + (w < 0 ? buckets.edges.length + 1 : 0)];
  }
  const activationClass = (a) => {
    const top = buckets.activationClasses.length - 1;
    return buckets.activationClasses[Math.round(Math.min(Math.max(a || 0, 0), 1) * top)];
  };

  function frame() {
    pending = false;
    if (running) trainer.step(speed);
    const net = trainer.network, w = net.weights;
    for (let i = 0; i < lines.length; i++) lines[i].setAttribute("class", weightClass(w[index[i]]));
    const image = DIGITS[trainer.iteration ? (trainer.iteration - 1) % 10 : 0];
    net.forward(image);
    let predicted = 0;
    for (let k = 1; k < 10; k++) if (net.out[k] > net.out[predicted]) predicted = k;
    inputs.forEach((e, i) => e.setAttribute("class", activationClass(image[i])));
    hiddens.forEach((e, j) => e.setAttribute("class", activationClass(net.hid[j])));
    outputs.forEach((e, k) => e.setAttribute("class", activationClass(net.out[k]) + (k === predicted ? " predicted" : "")));
    labels.forEach((e, k) => e.setAttribute("class", k === predicted ? "out-label predicted" : "out-label"));
    document.getElementById("iterations").textContent = trainer.iteration.toLocaleString("en-US");
    if (running) request();
  }

  function request() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(frame);
    }
  }

  window.refbench = {
    load,
    // A fresh session from the page's starting weights, so the reference follows the page's trajectory.
    play(s, wIH, wHO) {
      trainer = new Trainer(wIH.length, 0.5, 0);
      trainer.network.setWeights(wIH, wHO);
      trainer.evaluate();
      speed = s;
      running = true;
      request();
    },
    pause() { running = false; },
    getState: () => ({ iteration: trainer ? trainer.iteration : 0, running }),
  };
})();
