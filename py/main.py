"""Entry point: start the visualizer, or say clearly why it could not start."""

import traceback

from js import nnvizBoot

try:
    import app
    import dom

    visualizer = app.App(dom.query_string())
    visualizer.install_api()
    nnvizBoot.ready()
except Exception as exc:  # show it on the page instead of leaving a half-drawn tool
    nnvizBoot.fail(
        f"The visualizer's Python code failed while starting: {type(exc).__name__}: {exc}",
        "".join(traceback.format_exception(exc)),
    )
