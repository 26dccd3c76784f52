"""Run axe-core (pinned in package.json, installed by npm into node_modules) on a live page.

The script is injected from the local file, never fetched: tests stay offline. `violations`
returns axe's findings for the WCAG 2.0/2.1/2.2 A and AA rules plus best practices, reduced
to what a failing assertion needs to say.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]


def axe_version() -> str:
    return json.loads((AXE_JS.parent / "package.json").read_text())["version"]


def violations(page, include: str | None = None) -> list[dict]:
    """axe's violations on the page as it is now (or inside the `include` selector)."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` (make vendor does it)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate(
        """async ([include, tags]) => {
            const result = await axe.run(include ? {include: [include]} : document,
                {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""",
        [include, TAGS],
    )
    return found


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend("    " + n.replace("\n", " | ") for n in v["nodes"])
    return "\n".join(lines)
