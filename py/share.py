"""Sharing: the address bar, the embed's "open the full page" link and the Copy-link button.

All follow the settings through `update`, which render calls once per frame and which
writes only when the query changed (browsers rate-limit history.replaceState).
"""

from __future__ import annotations

from dataclasses import replace

import dom
import settings as config


class ShareLinks:
    def __init__(self, listeners, notify, current):
        self.notify = notify
        self.current = current  # () -> the settings now (a click may come before the next frame)
        self.full_page = dom.by_id("full-page-link")
        self.field = dom.by_id("share-url")
        self.query = None
        button = dom.by_id("copy-link")
        listeners.add(button, "click", lambda event: self.copy())
        button.disabled = False

    def update(self, settings: config.Settings) -> None:
        query = config.to_query(settings)
        if query == self.query:
            return
        self.query = query
        dom.replace_query(query)
        self.full_page.href = "./?" + config.to_query(replace(settings, embed=False))

    def copy(self) -> None:
        """Show the link selected (so it can be copied by hand) and try the clipboard."""
        url = dom.page_url(config.to_query(self.current()))
        self.field.value = url
        self.field.hidden = False
        self.field.select()

        async def copy():
            try:
                await dom.copy_text(url)
                self.notify("Link copied to the clipboard.")
            except Exception:  # refused: an iframe without permission, an insecure origin
                self.notify("Copy the selected link below.")

        dom.run_soon(copy())
