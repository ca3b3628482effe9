"""The tool and guide embedded in an intranet page, and the hostable bundle served from a sub-path."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from playwright.sync_api import Frame, Page, expect
from wizard_pages import READY, about, circumstances, skip_to_check, to_result

ROOT = Path(__file__).resolve().parents[2]
HOST_SNIPPET = (ROOT / "includes" / "embed-host.html").read_text(encoding="utf-8")
EXAMPLE_SRC = "https://policies.example.gov.uk/customer-behaviour/embed-tool/"
FRAME_HEIGHT = 560
SUB_PATH = "policies/customer-behaviour/"


def host_page(folder: Path, tool_url: str, *, auto_height: bool) -> Path:
    """An intranet page framing the tool: the documented snippet, or just a fixed-height frame."""
    snippet = HOST_SNIPPET.replace(EXAMPLE_SRC, tool_url).replace('height="800"', f'height="{FRAME_HEIGHT}"')
    if not auto_height:
        snippet = snippet.split("<script>")[0]
    (folder / "index.html").write_text(
        f"<!doctype html><html lang='en-GB'><head><meta charset='utf-8'><title>Intranet</title></head>"
        f"<body><h1>Customer service intranet</h1>{snippet}</body></html>",
        encoding="utf-8",
    )
    return folder


def tool_frame(page: Page) -> Frame:
    page.wait_for_selector("#ucb-frame")
    frame = page.frame(url=re.compile(r"embed-tool/"))
    assert frame is not None, "the intranet page has no decision tool frame"
    frame.wait_for_selector(READY, timeout=120_000)
    return frame


def complaint_journey(frame: Frame) -> str:
    """A short journey a manager can finish inside the frame: an open complaint."""
    about(frame, "EMBED-1")
    circumstances(frame, complaint=True, stage="Stage one")
    skip_to_check(frame)
    return to_result(frame)


def test_a_manager_completes_a_case_in_a_fixed_height_intranet_frame(
    page: Page,
    live_site: str,
    serve_directory,
    tmp_path: Path,
) -> None:
    intranet = serve_directory(host_page(tmp_path, live_site + "embed-tool/", auto_height=False))
    assert intranet != live_site, "the intranet must be a different origin from the site"
    page.goto(intranet)
    frame = tool_frame(page)
    expect(frame.locator(".md-header__title, .md-tabs, .md-footer, .md-sidebar--primary")).to_have_count(0)
    expect(frame.locator(".ucb-privacy")).to_contain_text("Nothing you type or upload leaves this browser")
    full_page = frame.get_by_role("link", name="Open the full page in a new tab")
    assert full_page.get_attribute("target") == "_blank"
    assert complaint_journey(frame) == "use_complaints_policy"
    # The frame kept its height: the tool scrolled inside it instead.
    assert page.locator("#ucb-frame").get_attribute("height") == str(FRAME_HEIGHT)
    assert frame.evaluate("() => document.documentElement.scrollHeight") > FRAME_HEIGHT


def test_the_frame_grows_to_fit_when_the_host_asks_and_ignores_other_senders(
    page: Page,
    live_site: str,
    intranet_url: str,
    serve_directory,
    tmp_path: Path,
) -> None:
    port = int(intranet_url.rstrip("/").rsplit(":", 1)[1])
    intranet = serve_directory(host_page(tmp_path, live_site + "embed-tool/", auto_height=True), port=port)
    assert intranet == intranet_url, "the host must be the intranet the build names in extra.embed_origins"
    page.goto(intranet)
    frame = tool_frame(page)
    expect(page.locator("#ucb-frame")).not_to_have_attribute("height", str(FRAME_HEIGHT), timeout=10_000)
    grown = int(page.locator("#ucb-frame").get_attribute("height") or 0)
    assert grown == frame.evaluate("() => Math.ceil(document.documentElement.scrollHeight)")
    # The same message from the host page itself (not the tool's origin) is ignored.
    page.evaluate("() => window.postMessage({type: 'ucb:embed-height', height: 321}, '*')")
    page.wait_for_timeout(300)
    assert page.locator("#ucb-frame").get_attribute("height") == str(grown)


# Heights the host page receives, whoever sends them.
HEIGHTS_RECEIVED = """
window.__heights = [];
window.addEventListener("message", (event) => {
  if (event.data && event.data.type === "ucb:embed-height") window.__heights.push(event.origin);
});
"""


def test_a_page_the_council_has_not_named_gets_no_height(
    page: Page,
    live_site: str,
    intranet_url: str,
    serve_directory,
    tmp_path: Path,
    network,
) -> None:
    """Framed without the Content-Security-Policy header (as the test server sends none), by an origin not
    in extra.embed_origins: the tool works, but says nothing to that page."""
    elsewhere = serve_directory(host_page(tmp_path, live_site + "embed-tool/", auto_height=True))
    assert elsewhere != intranet_url
    page.add_init_script(HEIGHTS_RECEIVED)
    page.goto(elsewhere)
    frame = tool_frame(page)
    frame.get_by_role("button", name="Start a new case").click()  # the page grows: a named host would hear of it
    expect(frame.locator("#ucb-step-heading")).to_have_text("About the case")
    page.evaluate(
        "() => document.getElementById('ucb-frame').contentWindow.postMessage({type: 'ucb:embed-hello'}, '*')"
    )
    page.wait_for_timeout(1000)
    assert page.evaluate("() => window.__heights") == []
    assert page.locator("#ucb-frame").get_attribute("height") == str(FRAME_HEIGHT)
    network.assert_local_only()


def test_the_embed_pages_carry_the_one_setting_that_names_the_intranet(built_site: Path, intranet_url: str) -> None:
    origin = intranet_url.rstrip("/")
    for name in ("embed-tool", "embed-guide"):
        html = (built_site / name / "index.html").read_text(encoding="utf-8")
        assert f'<meta name="ucb-embed-origins" content="{origin}">' in html
    header = (built_site / "content-security-policy.txt").read_text(encoding="utf-8")
    assert f"frame-ancestors 'self' {origin};" in header or header.rstrip().endswith(f"frame-ancestors 'self' {origin}")


def test_the_embedded_page_answers_only_its_parent(page: Page, live_site: str, network) -> None:
    """Opened directly (no parent), the embed page sends nothing when asked for its height."""
    page.goto(live_site + "embed-tool/")
    heights = page.evaluate("""() => new Promise(resolve => {
        const seen = [];
        window.addEventListener('message', e => { if (e.data && e.data.type === 'ucb:embed-height') seen.push(e.data); });
        window.postMessage({type: 'ucb:embed-hello'}, '*');
        setTimeout(() => resolve(seen), 500);
    })""")
    assert heights == []


def test_the_embedded_guide_has_no_site_chrome_and_opens_links_in_a_new_tab(page: Page, live_site: str) -> None:
    page.goto(live_site + "embed-guide/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Manager guide")
    expect(page.locator(".md-tabs, .md-footer, .md-sidebar--primary")).to_have_count(0)
    leaving = page.locator("article a[href*='policy/']").first
    assert leaving.get_attribute("target") == "_blank"


def test_the_bundle_works_unchanged_from_a_sub_path(
    page: Page,
    dist_zip: Path,
    serve_directory,
    tmp_path: Path,
) -> None:
    web_root = tmp_path / "www"
    target = web_root / SUB_PATH
    target.mkdir(parents=True)
    with zipfile.ZipFile(dist_zip) as bundle:
        bundle.extractall(target)
    assert (target / "content-security-policy.txt").is_file()
    server = serve_directory(web_root)
    page.goto(server + SUB_PATH)
    page.get_by_role("link", name="Decision tool").first.click()
    page.wait_for_selector(READY, timeout=120_000)
    assert page.url.startswith(server + SUB_PATH)
    assert complaint_journey(page.main_frame) == "use_complaints_policy"
    shutil.rmtree(web_root)
