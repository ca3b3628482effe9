"""axe-core (bundled by axe-playwright-python, so offline) with the WCAG 2.0, 2.1 and 2.2 A and AA rules."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# WCAG 2.2 AA as the council must meet it, plus axe's best practices (heading order, landmarks,
# named dialogs), which catch what a screen-reader user meets first.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
_axe = Axe()
# Colours are measured as drawn, so let fades finish first (Material's back-to-top button fades in
# whenever the page scrolls up, as it does when the wizard moves focus to a heading).
SETTLE = """() => Promise.all(document.getAnimations()
  .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
  .map((a) => a.finished.catch(() => null)))"""


def violations(page: Page, *, include: str | None = None) -> list[str]:
    """Every axe violation on the page as it is now, one line per element: 'rule (impact) target: summary'."""
    page.mouse.move(0, 0)  # hover colours are measured otherwise
    page.evaluate(SETTLE)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)  # once per document: the wizard's states share one
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [{"include": [[include]]} if include else None, options],
    )
    found = []
    for rule in results["violations"]:
        for node in rule["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            found.append(f"{rule['id']} ({rule['impact']}) {node['target']}: {summary[:240]}")
    return found
