// Start-up: the few lines Python cannot do, because they must run when Python cannot.
// preflight.js (a classic script) has already checked the context and owns the readiness
// contract; this module watches the downloads, gives PyScript an in-memory IndexedDB and loads
// PyScript from our vendored copy. Python calls
// nnvizBoot.ready() once it has drawn the page.
import { useMemoryIndexedDB } from "./memory-idb.js";
import { watchStartUp } from "./boot-watch.js";

const boot = globalThis.nnvizBoot;
if (!boot) { // preflight.js did not load: say so with the little that needs no helper
  const box = document.getElementById("error");
  box.querySelector(".error-title").textContent = "The page's start-up script assets/preflight.js could not be loaded.";
  box.querySelector(".error-hint").textContent =
    "The site is incomplete: publish the whole folder (`make site` builds it) or restore the file, then reload.";
  box.hidden = false;
  document.getElementById("loading").hidden = true;
  document.getElementById("app").dataset.ready = "error";
  throw new Error("assets/preflight.js is missing");
}
boot.moduleStarted = true;

// The page paints first, then the runtime downloads: index.html lists the runtime's files as
// <link data-rel="preload|modulepreload">, which the browser ignores; they become preloads here.
// A hidden page (a background tab) does not paint: it starts them at once; `ms` is a backstop.
function afterFirstPaint(ms = 2000) {
  return new Promise((resolve) => {
    if (document.visibilityState === "hidden") return resolve();
    let observer = null;
    const go = () => { observer?.disconnect(); clearTimeout(timer); resolve(); };
    const timer = setTimeout(go, ms);
    try {
      observer = new PerformanceObserver(go);
      observer.observe({ type: "paint", buffered: true });
    } catch {
      go();
    }
  });
}

function startRuntimeDownloads() {
  boot.downloadsStarted = performance.now(); // the snapshot loader times the line from here
  for (const link of document.querySelectorAll("link[data-rel]")) {
    const live = link.cloneNode();
    live.rel = link.dataset.rel;
    live.removeAttribute("data-rel");
    link.replaceWith(live);
  }
}

async function start() {
  await afterFirstPaint();
  startRuntimeDownloads();
  watchStartUp();
  // PyScript opens IndexedDB at start-up and cannot start without it: it gets an in-memory stand-in
  // (assets/memory-idb.js says why), the same in a cross-site iframe as on its own page.
  useMemoryIndexedDB();
  boot.storage = "memory";
  try {
    await import("./vendor/pyscript/core.js");
  } catch (error) {
    boot.fail("The Python runtime files are missing (assets/vendor/pyscript/core.js could not be loaded).",
      "In a checkout, run `make vendor` (or `make serve`) to fetch the pinned runtime into assets/vendor/, " +
      "then reload; when publishing, upload the folder `make site` builds.", String(error.stack || error));
  }
}

// PyScript reports its own failures (a bad config, a missing interpreter) as .py-error boxes.
new MutationObserver((records) => {
  for (const r of records) for (const node of r.addedNodes) {
    if (node.nodeType === 1 && node.classList.contains("py-error") && !boot.settled()) {
      const detail = node.textContent;
      const config = /toml|config/i.test(detail);
      boot.fail(config ? "pyscript.toml could not be read: " + detail.trim().split("\n")[0]
                       : "The Python runtime failed to start.",
        config ? "pyscript.toml (next to index.html) must be valid TOML as in the repository: restore it, then reload."
               : "Reload the page. If it keeps happening, the details below say what broke.", detail);
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true });

if (!boot.blocked) start();
