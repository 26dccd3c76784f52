// The buttons respond before Python is up. A press of Play, Train or Reset while the runtime
// starts is queued, with visible feedback (the button gets a dashed outline and aria-busy, its
// accessible label says it is coming, the start-up status note lists what will run), and handed
// to Python, which carries the presses out in order once it has started: py/app.py calls
// window.nnvizEarly.take() exactly once; take() returns the queue (action names: "toggle_play",
// "train_batch", "reset") and stops queueing, so no press is lost or done twice.
// A classic script, loaded with `defer` from index.html's head.
(() => {
  const ACTIONS = { play: "toggle_play", train: "train_batch", reset: "reset" };
  const queue = [];
  let taken = false;
  let playing = false; // whether the queued presses leave the network playing

  const byId = (id) => document.getElementById(id);
  const failed = () => byId("app")?.dataset.ready === "error";

  function note() {
    let span = byId("loading")?.querySelector(".queued-note");
    if (!span && byId("loading")) {
      span = document.createElement("span");
      span.className = "queued-note";
      byId("loading").append(span);
    }
    return span;
  }

  function show() {
    const trains = queue.filter((a) => a === "train_batch").length;
    const train = byId("train");
    // The buttons keep their size (the row is full on a laptop); the status note says what will run.
    train.setAttribute("aria-busy", trains ? "true" : "false");
    if (trains) train.setAttribute("aria-label", `${train.textContent.trim()}: ${trains}× when Python is ready`);
    else train.removeAttribute("aria-label");
    const play = byId("play");
    play.setAttribute("aria-busy", playing ? "true" : "false");
    play.setAttribute("aria-label", playing ? "Play (starts when Python is ready)" : "Play");
    const waiting = [];
    if (queue.includes("reset")) waiting.push("reset");
    if (trains) waiting.push(`train ${trains}×`);
    if (playing) waiting.push("play");
    const span = note();
    if (span) span.textContent = waiting.length ? `then ${waiting.join(", ")}` : "";
  }

  function onClick(event) {
    if (taken || failed()) return;
    const button = event.target.closest?.("#play, #train, #reset");
    if (!button || button.disabled) return;
    queue.push(ACTIONS[button.id]);
    if (button.id === "play") playing = !playing;
    if (button.id === "reset") playing = false; // Reset pauses, as it does once Python runs
    show();
  }

  document.addEventListener("click", onClick, true);

  globalThis.nnvizEarly = {
    /** The queued actions, in order; from now on Python handles the buttons. */
    take() {
      if (taken) return [];
      taken = true;
      document.removeEventListener("click", onClick, true);
      const actions = queue.splice(0);
      byId("train")?.removeAttribute("aria-label");
      for (const id of ["play", "train"]) byId(id)?.removeAttribute("aria-busy");
      byId("play")?.setAttribute("aria-label", "Play");
      note()?.remove();
      return actions;
    },
    /** What is queued so far (for tests and host pages). */
    pending: () => queue.slice(),
  };
})();
