"""Sharing: the address bar, the embed's "open the full page" link, Copy link and Copy embed code.

All follow the settings through `update`, which render calls once per frame and which
writes only when the query changed (browsers rate-limit history.replaceState). The address bar is
written from the first frame on, not by the start-up render: a page's first replaceState costs
8-18 ms, on the way to ready.
"""

from __future__ import annotations

from html import escape

import dom
import settings as config

EMBED_WIDTH, EMBED_HEIGHT = 720, 600  # the size the embed layout (body.embed in style.css) is made for
EMBED_TITLE = "Neural Network Visualizer"


def embed_code(page_url: str) -> str:
    """The <iframe> that embeds the page at `page_url` (the URL escaped for an attribute)."""
    return (f'<iframe src="{escape(page_url, quote=True)}" width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}" '
            f'style="border:0" loading="lazy" title="{EMBED_TITLE}"></iframe>')


class ShareLinks:
    def __init__(self, listeners, notify, current):
        self.notify = notify
        self.current = current  # () -> the settings now (a click may come before the next frame)
        self.full_page = dom.by_id("full-page-link")
        self.field = dom.by_id("share-url")
        self.settings = self.query = None
        self.written = None  # the query in the address bar, once written
        for button_id, copy in (("copy-link", self.copy), ("copy-embed", self.copy_embed)):
            button = dom.by_id(button_id)
            listeners.add(button, "click", lambda event, copy=copy: copy())
            button.disabled = False

    def update(self, settings: config.Settings) -> None:
        start_up = self.settings is None  # the start-up render: the address bar waits for the first frame
        if settings is not self.settings:  # (the usual frame has the same settings: encoding them cost ~0.1 ms)
            self.settings = settings
            query = config.to_query(settings)
            if query != self.query:
                self.query = query
                self.full_page.href = "./?" + config.to_query(settings._replace(embed=False))
        if not start_up and self.query != self.written:
            self.written = self.query
            dom.replace_query(self.query)

    def copy(self) -> None:
        url = dom.page_url(config.to_query(self.current()))
        self._offer(url, "Link to these settings", "link")

    def copy_embed(self) -> None:
        url = dom.page_url(config.to_query(self.current()._replace(embed=True)))
        self._offer(embed_code(url), "Embed code for these settings", "embed code")

    def _offer(self, text: str, label: str, what: str) -> None:
        """Show `text` selected in the read-only field (so it can be copied by hand) and try the clipboard."""
        self.field.value = text
        self.field.setAttribute("aria-label", label)
        self.field.hidden = False
        self.field.select()

        async def copy():
            try:
                await dom.copy_text(text)
                self.notify(f"{what[0].upper()}{what[1:]} copied to the clipboard.")
            except Exception:  # refused: an iframe without permission, an insecure origin
                self.notify(f"Copy the selected {what} below.")

        dom.run_soon(copy())
