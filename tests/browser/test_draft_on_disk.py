"""What a manager's browser writes to disk: a persistent Chromium profile, "Continue where you left off" on,
a case typed in, reloaded, deleted, another typed in, the browser closed and started again.

Chromium writes a tab's session storage into the profile as the page writes it, keeps deleted values in its
files for a while, and restores a session's tabs with their session storage after a restart. The tool keeps
its draft there sealed, with a key only the tab's memory holds, and asks the browser not to keep what is
typed into its fields, so no word of a case may appear in any file of the profile, at any point; and the tab
restored after the restart, which gets its session storage back, must start with no case. A control value
the test writes into session storage itself must appear on disk, so a search that finds nothing has looked
where the browser writes.
"""

from __future__ import annotations

import contextlib
import json
import random
import signal
import string
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_launch import CHROMIUM_FLAGS, chromium_launch_options
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Playwright, expect
from wizard_pages import READY, draft_settled, expect_step, reload, start_case

pytestmark = pytest.mark.skipif(
    "executable_path" not in chromium_launch_options(), reason="needs Debian's chromium to run with a real profile"
)


def marker(prefix: str) -> str:
    """A word no file would hold by chance, of distinct letters (so compression cannot hide it in a file)."""
    letters = random.Random(prefix).sample(string.ascii_letters, 14)
    return prefix + "".join(letters)


def on_disk(profile: Path, words: list[str]) -> dict[str, list[str]]:
    """Which of `words` appear in which files of the profile, as Latin-1 or UTF-16 text."""
    found: dict[str, list[str]] = {}
    for path in profile.rglob("*"):
        if not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for word in words:
            if word.encode("latin-1") in data or word.encode("utf-16-le") in data:
                found.setdefault(word, []).append(str(path.relative_to(profile)))
    return found


class ProfileChromium:
    """Debian's Chromium on a profile of its own, started and stopped as a person would (no Playwright launch)."""

    def __init__(self, playwright: Playwright, profile: Path) -> None:
        self.playwright, self.profile = playwright, profile
        self.process: subprocess.Popen | None = None

    def start(self) -> Page:
        (self.profile / "DevToolsActivePort").unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [
                chromium_launch_options()["executable_path"],
                "--headless=new",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = self.profile / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        self.browser = self.playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        self.context = self.browser.contexts[0]
        return self.context.pages[0] if self.context.pages else self.context.new_page()

    def close(self) -> None:
        """Close the browser the way its window's close button does, and wait for it to finish writing."""
        session = self.browser.new_browser_cdp_session()
        with contextlib.suppress(PlaywrightError):  # the connection ends as the browser closes
            session.send("Browser.close")
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGKILL)  # the browser this test started, and only it
            self.process.wait()


@pytest.fixture
def chromium_profile(playwright: Playwright, tmp_path: Path) -> Iterator[ProfileChromium]:
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    # "Continue where you left off": after a restart the browser reopens the tabs, with their session storage.
    (profile / "Default" / "Preferences").write_text(json.dumps({"session": {"restore_on_startup": 1}}))
    browser = ProfileChromium(playwright, profile)
    yield browser
    if browser.process and browser.process.poll() is None:
        browser.close()


def wait_until_on_disk(profile: Path, word: str) -> None:
    for _ in range(120):
        if on_disk(profile, [word]):
            return
        time.sleep(0.5)
    pytest.fail(f"the browser never wrote session storage to {profile}: the search below would prove nothing")


def type_a_case(page: Page, reference: str, name: str, address: str) -> None:
    start_case(page, reference)
    page.get_by_label("Customer's name").fill(name)
    page.get_by_label("Customer's address").fill(address)
    draft_settled(page)


def test_no_word_of_a_case_reaches_the_disk_and_a_restored_session_brings_none_back(
    chromium_profile: ProfileChromium, live_site: str
) -> None:
    profile = chromium_profile.profile
    first = [marker("Ref"), marker("Name"), marker("Addr")]
    second = [marker("Ref2"), marker("Name2"), marker("Addr2")]
    controls = [marker("Control"), marker("Control2")]

    page = chromium_profile.start()
    page.goto(live_site + "tool/")
    page.wait_for_selector(READY, timeout=120_000)
    type_a_case(page, *first)
    page.evaluate("(word) => sessionStorage.setItem('control', word)", controls[0])
    wait_until_on_disk(profile, controls[0])
    assert on_disk(profile, first) == {}, "the case was written to disk as it was typed"

    reload(page)
    expect(page.get_by_label("Customer's name")).to_have_value(first[1])

    page.get_by_role("button", name="Delete this case from this browser").click()
    expect_step(page, "Start or resume a case")
    type_a_case(page, *second)
    page.evaluate("(word) => sessionStorage.setItem('control2', word)", controls[1])
    wait_until_on_disk(profile, controls[1])
    assert on_disk(profile, first + second) == {}, "a case was written to disk"

    chromium_profile.close()
    assert on_disk(profile, first + second) == {}, "a case was left on disk when the browser closed"
    assert set(on_disk(profile, controls)) == set(controls), "the browser's own files were not where the test looked"

    page = chromium_profile.start()
    restored = next((p for p in chromium_profile.context.pages if "/tool/" in p.url), None)
    for _ in range(100):
        if restored:
            break
        time.sleep(0.1)
        restored = next((p for p in chromium_profile.context.pages if "/tool/" in p.url), None)
    assert restored is not None, "the browser did not restore the tool's tab: the test did not test a restart"
    restored.wait_for_selector("#ucb-wizard .ucb-step", timeout=60_000)
    assert restored.evaluate("() => sessionStorage.getItem('control2')") == controls[1], (
        "the restored tab did not get its session storage back: the test did not test what a restart does"
    )
    expect(restored.locator("#ucb-step-heading")).to_have_text("Start or resume a case")
    expect(restored.get_by_text("You have a case in progress")).to_have_count(0)
    for word in first + second:
        assert word not in restored.content()
    draft_settled(restored)
    assert restored.evaluate("() => sessionStorage.getItem('ucb-tool:draft')") is None, "an unreadable draft was kept"
    chromium_profile.close()
    assert on_disk(profile, first + second) == {}
