"""WCAG 2.2 AA: axe on every page and every state of the tool, and a journey made with the keyboard alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from axe_audit import violations
from hostile_files import out_of_calendar_case
from hostile_text import example
from playwright.sync_api import Page, expect
from wizard_pages import (
    csv_log,
    expect_step,
    import_contacts,
    open_tool,
    to_result,
    wait_ready_state,
)

PAGES = [
    "",
    "policy/",
    "policy-print/",
    "customers/",
    "guide/",
    "tool/",
    "accessibility/",
    "privacy/",
    "hosting/",
    "embed-guide/",
    "embed-tool/",
    "404.html",
]
QUESTION_PAGES = [
    "about",
    "circumstances",
    "issues",
    "contacts",
    "informal",
    "step_one",
    "step_two",
    "decision",
    "reviews",
    "appeal",
]

# What makes focus visible: a focused element with a size, drawn with the browser's own focus ring
# (outline-style auto, as Material's links use), an outline of at least 2px, or a box shadow.
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: "body", visible: false, id: "", text: "", type: ""};
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return {name: `${el.tagName.toLowerCase()}.${el.className} (no size)`, visible: false, id: el.id, text: "", type: ""};
  const outline = style.outlineStyle === "auto" || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2);
  const shadow = style.boxShadow && style.boxShadow !== "none";
  // Material's search field shows focus by opening the search dialog over the page (seen in screenshots).
  const searchOpen = el.matches(".md-search__input");
  const label = el.labels && el.labels[0] ? el.labels[0].textContent : "";
  const name = `${el.tagName.toLowerCase()}#${el.id} ${(el.getAttribute("aria-label") || label || el.textContent || "").trim().slice(0, 60)}`;
  return {name, visible: outline || Boolean(shadow) || Boolean(searchOpen), id: el.id, text: (label || el.textContent || "").trim(), type: el.type || ""};
}"""


def upload_case(page: Page, case: dict, name: str = "case.json") -> None:
    page.set_input_files(
        "#ucb-upload-case",
        files=[{"name": name, "mimeType": "application/json", "buffer": json.dumps(case).encode("utf-8")}],
    )
    expect_step(page, "Check your answers")


def back(page: Page) -> None:
    page.get_by_role("button", name="Back", exact=True).click()


def start_over(page: Page) -> None:
    page.get_by_role("button", name="Delete this case from this browser").click()
    expect_step(page, "Start or resume a case")


@pytest.mark.parametrize("path", PAGES)
def test_every_built_page_has_no_axe_violations(page: Page, live_site: str, path: str) -> None:
    page.goto(live_site + path)
    page.wait_for_load_state("load")
    assert violations(page) == []


def test_every_state_of_the_tool_has_no_axe_violations(page: Page, live_site: str) -> None:
    found: dict[str, list[str]] = {}

    def audit(state: str) -> None:
        found[state] = violations(page)

    open_tool(page, live_site, wait_ready=False)
    audit("start page, engine loading")
    wait_ready_state(page)
    audit("start page, engine ready")
    page.set_input_files(
        "#ucb-upload-case", files=[{"name": "notes.json", "mimeType": "application/json", "buffer": b"notes"}]
    )
    expect(page.get_by_role("alert")).to_be_focused()
    audit("start page, upload refused")

    page.get_by_role("button", name="Start a new case").click()
    page.click("#ucb-continue")
    expect(page.locator(".ucb-error-summary")).to_be_focused()
    audit("about the case, error summary")
    page.get_by_label("Case reference").fill("A11Y-1")
    page.click("#ucb-continue")
    expect_step(page, "Circumstances to check first")
    for legend in (
        "Is a formal complaint open?",
        "Is someone acting for the customer?",
        "Has the customer told us about a disability or vulnerability?",
    ):
        page.get_by_role("group", name=legend, exact=True).get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Add an adjustment").click()
    audit("circumstances, every answer revealed, a list item")
    page.click("#ucb-continue")
    expect(page.locator(".ucb-error-summary")).to_be_focused()
    audit("circumstances, errors in revealed fields and a list item")
    back(page)
    back(page)

    lifecycle = example("appeal_not_upheld.json")
    lifecycle["contacts"] = lifecycle["contacts"][:12]  # a short log: axe's time grows with every table row
    page.set_input_files(
        "#ucb-upload-case",
        files=[{"name": "case.json", "mimeType": "application/json", "buffer": json.dumps(lifecycle).encode()}],
    )
    expect(page.get_by_role("heading", name="Replace the case in progress?")).to_be_focused()
    audit("start page, asked before a file replaces unsaved work")
    page.get_by_role("button", name="Open case.json instead").click()
    expect_step(page, "Check your answers")
    audit("check your answers, a whole lifecycle")
    for step in QUESTION_PAGES:
        page.locator(f"section[aria-labelledby='ucb-cya-{step}'] button.ucb-link").first.click()
        expect(page.locator("#ucb-tool")).to_have_attribute("data-step", step)
        if step == "contacts":
            expect(page.locator(".ucb-metrics")).to_be_visible(timeout=60_000)
            audit("contact log with figures and chart")
            page.get_by_role("button", name="Add this contact").click()
            expect(page.get_by_role("alert", name="There is a problem")).to_be_focused()
            audit("contact log, errors in the new contact")
            # The import's own report takes focus, even with the new contact's errors still shown.
            import_contacts(
                page,
                "log.csv",
                csv_log([("2023-06-01", "email", "Housing", ""), ("2023-02-30", "email", "Housing", "")]),
            )
            expect(page.locator("#ucb-import-errors")).to_be_focused()
            audit("contact log, import with a bad row")
        else:
            audit(f"question page {step}, filled in")
        back(page)
        expect_step(page, "Check your answers")
    page.get_by_label("Assess as at").fill("2023-09-15")
    to_result(page)
    expect(page.locator(".ucb-letter-preview iframe")).to_be_visible()
    audit("result, restrictions in place, letters")

    start_over(page)
    upload_case(page, example("report_june_2023.json"))
    page.get_by_label("Assess as at").fill("2023-07-20")
    assert to_result(page) == "refer_for_step_two"
    expect(page.locator(".ucb-option").first).to_be_visible()
    audit("result, referral with restriction options")
    page.locator(".ucb-option input[type=checkbox]").first.check()
    page.get_by_role("button", name="Save the referral and the choice").click()
    expect(page.locator(".ucb-result-section .ucb-error-summary")).to_be_focused()
    audit("result, referral details missing")

    start_over(page)
    upload_case(page, out_of_calendar_case())
    page.get_by_label("Assess as at").fill("2023-07-20")
    page.get_by_role("button", name="Continue to the result").click()
    expect(page.locator(".ucb-error-summary")).to_be_focused()
    audit("check your answers, errors from every page")

    assert {state: v for state, v in found.items() if v} == {}
    assert len(found) >= 20


def test_the_embedded_tool_has_no_axe_violations_through_to_a_result(page: Page, live_site: str) -> None:
    page.goto(live_site + "embed-tool/")
    wait_ready_state(page)
    found = {"embedded start page": violations(page)}
    upload_case(page, example("report_june_2023.json"))
    found["embedded check page"] = violations(page)
    page.get_by_label("Assess as at").fill("2023-07-20")
    assert to_result(page) == "refer_for_step_two"
    expect(page.locator(".ucb-letter-preview iframe")).to_be_visible()
    found["embedded result"] = violations(page)
    assert {state: v for state, v in found.items() if v} == {}


def test_the_tool_that_cannot_start_its_engine_has_no_axe_violations(page: Page, live_site: str, context) -> None:
    context.route("**/*.whl", lambda route: route.abort("failed"))
    open_tool(page, live_site, wait_ready=False)
    expect(page.locator("#ucb-tool")).to_have_attribute("data-state", "error", timeout=120_000)
    expect(page.get_by_role("heading", name="The assessment engine could not start")).to_be_visible()
    assert violations(page) == []


class Keyboard:
    """Moves through the page with Tab and Shift+Tab only, checking that every stop shows its focus."""

    def __init__(self, page: Page, shots: Path) -> None:
        self.page = page
        self.shots = shots
        self.stops: list[str] = []
        self.invisible: list[str] = []
        self.keys: set[str] = set()

    def press(self, key: str) -> dict:
        assert key in {"Tab", "Shift+Tab", "Enter", "Space"}
        self.keys.add(key)
        self.page.keyboard.press(key)
        info = self.page.evaluate(FOCUS_STYLE)
        if key in {"Tab", "Shift+Tab"}:  # Enter and Space may move focus on purpose, to a heading or summary
            self.stops.append(info["name"])
            if not info["visible"]:
                self.invisible.append(info["name"])
        return info

    def tab_to(self, match: str, *, backwards: bool = False, limit: int = 120) -> dict:
        """Tab until the focused element's id or text is `match`."""
        for _ in range(limit):
            info = self.press("Shift+Tab" if backwards else "Tab")
            if match in (info["id"], info["text"]):
                return info
        raise AssertionError(
            f"{match!r} was never reached with {'Shift+Tab' if backwards else 'Tab'}: {self.stops[-limit:]}"
        )

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.shots / f"{name}.png"))


def test_a_keyboard_alone_reaches_a_result_and_a_download_with_focus_always_visible(
    page: Page,
    live_site: str,
    tmp_path: Path,
) -> None:
    open_tool(page, live_site)
    keys = Keyboard(page, tmp_path)
    keys.tab_to("Start a new case")
    keys.shot("1-start-button")
    keys.press("Enter")
    expect_step(page, "About the case")
    expect(page.locator("#ucb-step-heading")).to_be_focused()
    keys.tab_to("ucb-f-reference")
    keys.shot("2-text-field")
    page.keyboard.type("KEYBOARD-1")
    keys.tab_to("ucb-continue")
    keys.press("Space")
    expect_step(page, "Circumstances to check first")

    # Tab enters a radio group at its first option ("Yes"); Space chooses it and reveals the follow-up questions.
    keys.tab_to("ucb-f-circumstances-open_complaint-is_open")
    keys.press("Space")
    keys.shot("3-radio")
    keys.tab_to("ucb-f-circumstances-open_complaint-stage")
    keys.press("Space")
    keys.tab_to("ucb-f-circumstances-representative-is_acting")
    keys.press("Space")
    keys.tab_to("ucb-f-circumstances-representative-name")
    page.keyboard.type("Mrs D Advocate")
    keys.tab_to("ucb-f-circumstances-representative-authority_checked")
    keys.press("Space")
    keys.tab_to("ucb-f-circumstances-vulnerability-is_disclosed")
    keys.press("Space")
    keys.tab_to("ucb-f-circumstances-vulnerability-needs")
    page.keyboard.type("Prefers letters in large print")
    keys.tab_to("ucb-f-circumstances-open_complaint-reference", backwards=True)
    page.keyboard.type("CMP-9")
    for legend in (
        "Is a formal complaint open?",
        "Is someone acting for the customer?",
        "Has the customer told us about a disability or vulnerability?",
    ):
        expect(page.get_by_role("group", name=legend, exact=True).get_by_label("Yes", exact=True)).to_be_checked()

    for _ in range(10):
        if page.locator("#ucb-step-heading").inner_text() == "Check your answers":
            break
        title = page.locator("#ucb-step-heading").inner_text()
        keys.tab_to("ucb-continue")
        keys.press("Enter")
        expect(page.locator("#ucb-step-heading")).not_to_have_text(title)
    expect_step(page, "Check your answers")
    keys.tab_to("Change case reference")
    keys.shot("4-change-link")
    keys.tab_to("Continue to the result")
    keys.press("Enter")
    expect_step(page, "Result")
    page.locator("#ucb-outcome").wait_for(timeout=60_000)
    assert page.locator("#ucb-outcome").get_attribute("data-outcome") == "use_complaints_policy"
    keys.tab_to("ucb-download-case")
    keys.shot("5-download-button")
    with page.expect_download() as download:
        keys.press("Enter")
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert saved["reference"] == "KEYBOARD-1"
    assert saved["circumstances"]["open_complaint"] == {
        "is_open": True,
        "stage": saved["circumstances"]["open_complaint"]["stage"],
        "reference": "CMP-9",
    }
    assert saved["circumstances"]["representative"]["name"] == "Mrs D Advocate"

    assert keys.keys == {"Tab", "Shift+Tab", "Enter", "Space"}
    assert keys.invisible == [], f"focus not visible on: {sorted(set(keys.invisible))}"


def test_an_error_is_announced_and_tied_to_its_field(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    page.get_by_role("button", name="Start a new case").click()
    page.click("#ucb-continue")
    summary = page.locator(".ucb-error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    field = page.locator("#ucb-f-reference")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = (field.get_attribute("aria-describedby") or "").split()
    message = page.locator(f"#{described[-1]}")
    expect(message).to_contain_text("Error:")
    expect(summary.get_by_role("link")).to_have_text(message.inner_text().replace("Error:", "").strip())


@pytest.mark.parametrize("path", ["", "policy/", "customers/", "guide/", "tool/"])
def test_pages_reflow_at_320_css_pixels_and_pass_axe_there(page: Page, live_site: str, path: str) -> None:
    """WCAG 1.4.10: at 320 CSS pixels wide (400% zoom) nothing needs sideways scrolling; targets still pass."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_site + path)
    page.wait_for_load_state("load")
    if path == "tool/":
        page.wait_for_selector("#ucb-wizard .ucb-step")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert violations(page) == []
