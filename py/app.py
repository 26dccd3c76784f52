"""The app: the state and its actions (actions.py), the views, and one render per animation frame.

Data flows one way: an input event calls an action, the action changes the state
(settings, trainer, running, the picked digit), and `render` brings every view up to date
on the next animation frame, however many iterations ran in between.
"""

from __future__ import annotations

import math

import api
import dom
import settings as config
from actions import Actions
from views import Views

CHART_INTERVAL_MS = 200  # while playing, the chart and the test scores redraw at most this often (each redraw is paint)
PANELS_INTERVAL_MS = 500  # and the right/wrong marks and the panels under the tool (their paint costs frames)


def _state(name):
    """The app's view of one part of the state, which the actions own."""
    return property(lambda self: getattr(self.actions, name))


class App:
    def __init__(self, query: str):
        settings, notices = config.parse_query(query)
        self.frame = 0  # frames rendered
        self.frame_pending = False
        self.last_chart_ms = self.last_panels_ms = -math.inf
        self.actions = Actions(settings, self.request_render)
        self.listeners = dom.Listeners(on_error=self.fail)
        self.views = Views(self.listeners, self.actions.callbacks() | {"request_render": self.request_render},
                           settings.embed)
        self.actions.views = self.views
        self._frame_proxy = self.listeners.proxy(self._frame)
        if notices:
            self.views.notice.show(" ".join(notices))
        self.views.narrator.note("ready")  # the live region is inside #app: read once aria-busy clears
        for name in dom.take_early_actions():  # pressed while Python was starting: carry them out now
            getattr(self.actions, name)()
        self.render(force_chart=True)
        self.request_render()  # the first frame writes the address bar (share.py)

    settings, trainer, running, picked = (_state(name) for name in ("settings", "trainer", "running", "picked"))

    def fail(self, exc: BaseException) -> None:
        """Say on the page that something broke (and in the console, for developers)."""
        dom.log_error(exc)
        self.views.notice.show(f"Something went wrong: {exc}. Press New weights to start again.")

    # ---- frames --------------------------------------------------------------------------

    def request_render(self, force_chart: bool = False) -> None:
        if force_chart:
            self.last_chart_ms = self.last_panels_ms = -math.inf
        if not self.frame_pending:
            self.frame_pending = True
            dom.request_frame(self._frame_proxy)

    def _frame(self, timestamp) -> None:
        self.frame_pending = False
        try:
            if self.running:
                self.actions.play_frame()
            self.render()
        except Exception as exc:  # keep the page alive and say what broke
            self.actions.running = False
            self.fail(exc)
            raise
        if self.running:
            self.request_render()

    def render(self, force_chart: bool = False) -> None:
        now = dom.now()
        chart = force_chart or not self.running or now - self.last_chart_ms >= CHART_INTERVAL_MS
        if chart:
            self.last_chart_ms = now
        panels = chart and (not self.running or now - self.last_panels_ms >= PANELS_INTERVAL_MS)
        if panels:
            self.last_panels_ms = now
        self.views.render(self.trainer, self.settings, self.running, self.picked, chart, panels)
        self.frame += 1

    # ---- the scripting API (window.nnviz) -----------------------------------------------------

    def state(self) -> dict:
        return api.state(self)

    def install_api(self) -> None:
        api.install(self)
