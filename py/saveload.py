"""Keeping a network: Export downloads it as JSON; Import (a file chooser, or a file dropped
anywhere on the page) loads one. The checking is netfile's; the app applies a checked file."""

from __future__ import annotations

import dom
import netfile

FILENAME = "nnviz-network.json"


class SaveLoad:
    def __init__(self, listeners, *, dump, load, notify):
        """`dump()` -> JSON text; `load(text)` applies it or raises ValueError saying why; `notify(text)`."""
        self.dump, self.load, self.notify = dump, load, notify
        self.file_input = dom.by_id("import-file")
        on = listeners.add
        on(dom.by_id("export"), "click", lambda event: self.export())
        on(dom.by_id("import"), "click", lambda event: dom.open_file_picker(self.file_input))
        on(self.file_input, "change", lambda event: self.take(dom.chosen_file(self.file_input)))
        on(dom.document.body, "dragover", self._drag_over)
        on(dom.document.body, "drop", self._drop)
        dom.by_id("export").disabled = dom.by_id("import").disabled = False

    def export(self) -> None:
        dom.download(FILENAME, self.dump())
        self.notify(f"Saved the network as {FILENAME}.")

    @staticmethod
    def _drag_over(event) -> None:
        if dom.drags_files(event):
            event.preventDefault()  # allow the drop

    def _drop(self, event) -> None:
        file = dom.dropped_file(event)
        if file is not None:
            event.preventDefault()  # load it instead of letting the browser open it
            self.take(file)

    def take(self, file) -> None:
        """Read a chosen or dropped file and load it; a refused file changes nothing on the page."""
        if file is None:
            return
        name, size = dom.file_facts(file)
        try:
            netfile.check_size(size)  # before reading a huge file into memory
        except ValueError as exc:
            self.notify(f"Could not load {name}: {exc}.")
            return

        async def read_and_load():
            try:
                self.load(await dom.read_text(file))
            except ValueError as exc:
                self.notify(f"Could not load {name}: {exc}.")
            except Exception as exc:  # a file the browser cannot read
                self.notify(f"Could not read {name}: {exc}.")
            else:
                self.notify(f"Loaded {name}.")

        dom.run_soon(read_and_load())
