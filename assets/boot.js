// Start-up guard: the few lines Python cannot do, because they must run when Python cannot.
// Loads PyScript from our vendored copy and turns any failure before our Python is up into a
// visible banner (#error) plus data-ready="error" on #app. Python calls nnvizBoot.ready().
const app = document.getElementById("app");
const HINT = "If you run the site from a checkout, run `make vendor` (or `make serve`) to fetch the " +
  "pinned runtime into assets/vendor/, then reload.";

function show(id, on) {
  const el = document.getElementById(id);
  if (el) el.hidden = !on;
}

function fail(title, detail) {
  if (app.dataset.ready === "error") return;
  app.dataset.ready = "error";
  app.setAttribute("aria-busy", "false");
  show("loading", false);
  const box = document.getElementById("error");
  box.querySelector(".error-title").textContent = title;
  box.querySelector(".error-hint").textContent = HINT;
  box.querySelector(".error-detail").textContent = detail || "";
  show("error", true);
}

function ready() {
  if (app.dataset.ready === "error") return;
  app.dataset.ready = "1";
  app.setAttribute("aria-busy", "false");
  show("loading", false);
}

const starting = () => app.dataset.ready !== "1" && app.dataset.ready !== "error";
const text = (reason) => (reason && (reason.stack || reason.message)) || String(reason);

addEventListener("error", (e) => {
  if (starting()) fail("The Python runtime failed to start.", text(e.error || e.message));
});
addEventListener("unhandledrejection", (e) => {
  if (starting()) fail("The Python runtime failed to start.", text(e.reason));
});
// PyScript reports its own failures (a missing interpreter, a bad config) as .py-error boxes.
new MutationObserver((records) => {
  for (const r of records) for (const node of r.addedNodes) {
    if (starting() && node.nodeType === 1 && node.classList.contains("py-error")) {
      fail("The Python runtime failed to start.", node.textContent);
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true });

globalThis.nnvizBoot = { fail, ready, started: performance.now() };

import("./vendor/pyscript/core.js").catch((e) =>
  fail("The Python runtime files are missing (assets/vendor/pyscript/core.js could not be loaded).",
       text(e)));
