// Start-up: the few lines Python cannot do, because they must run when Python cannot.
// preflight.js (a classic script) has already checked the context and owns the readiness
// contract and starts the runtime's downloads at the first paint; this module watches them, lets our
// interpreter module prepare, gives PyScript an in-memory IndexedDB and loads PyScript from our vendored
// copy. Python calls
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

// PyScript imports the interpreter module pyscript.toml names only once it has set itself up, ~0.4 s
// after this. Importing the same module first lets it prepare meanwhile (assets/pyodide-loader.mjs:
// fetch the manifest and bytecode, decide whether the snapshot applies and start its download);
// PyScript's import then gets this instance. Imported alongside PyScript instead, it waited ~0.3 s for
// PyScript's long first tasks. The config is the file index.html's <script type="py" config> names.
// Resolves once preparing has begun; any fault here is reported as it is without this head start (a
// missing or broken pyscript.toml by boot-watch.js, a missing module by PyScript).
function prepareInterpreter() {
  return fetch(new URL(document.querySelector('script[type="py"][config]')?.getAttribute("config") || "pyscript.toml", document.baseURI))
    .then((response) => (response.ok ? response.text() : ""))
    .then((toml) => {
      const path = /^\s*interpreter\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
      return path && import(new URL(path, document.baseURI).href).then((loader) => { loader.prepare?.(); });
    })
    .catch(() => {});
}

async function start() {
  await boot.downloads; // the runtime's files are on their way once the page has painted (preflight.js)
  watchStartUp();
  await prepareInterpreter();
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
