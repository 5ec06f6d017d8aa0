"""The HTML report in a real browser (system Chromium through Playwright).

Checks what only a browser can: the page makes no request but its own file, logs no
console error, runs no host-supplied script, and its filters, search and copy buttons work.
Chromium is the Debian package `chromium`; `playwright install` is never needed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from judging import render
from nestaudit.render import OutputFormat

CHROMIUM = Path("/usr/bin/chromium")
FIXTURES = Path(__file__).parent / "fixtures"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"report-{name}.json").read_text("utf-8"))
    return data


class Loaded:
    def __init__(self, page: Any, url: str) -> None:
        self.page = page
        self.url = url
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []

    def visible_findings(self) -> int:
        count: int = self.page.locator("details.finding:visible").count()
        return count


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: install the Debian package 'chromium' "
            "(apt-get install chromium) to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def loaded(browser: Any, tmp_path: Path) -> Iterator[Loaded]:
    path = tmp_path / "report.html"
    path.write_bytes(render(load("l0-fail"), OutputFormat.HTML))
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    result = Loaded(page, path.as_uri())
    page.on("request", lambda request: result.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            result.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: result.page_errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        result.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(result.url)
    page.wait_for_load_state("load")
    try:
        yield result
    finally:
        context.close()


def test_page_is_offline_quiet_and_inert(loaded: Loaded) -> None:
    page = loaded.page
    page.wait_for_timeout(300)
    assert loaded.requests == [loaded.url]
    assert loaded.console_errors == []
    assert loaded.page_errors == []
    assert loaded.dialogs == []
    body = page.inner_text("body")
    assert "<script>alert(1)</script>" in body
    assert '"><img src=x onerror=alert(2)>' in body
    assert "javascript:alert(3)" in body
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    assert page.locator('a[href^="javascript:"]').count() == 0


def test_filters_and_search_change_what_is_visible(loaded: Loaded) -> None:
    page = loaded.page
    total = page.locator("details.finding").count()
    assert total == 15
    assert loaded.visible_findings() == total
    shown = page.locator(".shown")
    assert shown.inner_text() == "15 of 15 findings shown"

    page.locator('input[data-filter="outcome"][value="pass"]').uncheck()
    assert loaded.visible_findings() == total - 4
    page.locator('input[data-filter="outcome"][value="not_applicable"]').uncheck()
    assert loaded.visible_findings() == total - 6
    page.locator('input[data-filter="severity"][value="medium"]').uncheck()
    visible = page.locator("details.finding:visible")
    assert all(
        visible.nth(i).get_attribute("data-severity") != "medium" for i in range(visible.count())
    )
    # left: the high fail, the high error, the low waiver and the info-severity notice
    assert loaded.visible_findings() == 4
    assert shown.inner_text() == "4 of 15 findings shown"

    page.locator("button.reset").click()
    assert loaded.visible_findings() == total

    page.locator("input.search").fill("modprobe.d")
    assert loaded.visible_findings() == 1
    assert page.locator("details.finding:visible").get_attribute("data-outcome") == "fail"
    page.locator("input.search").fill("no such text anywhere")
    assert loaded.visible_findings() == 0
    assert page.locator(".empty").is_visible()
    page.locator("input.search").fill("")
    assert loaded.visible_findings() == total

    page.locator("button.problems-only").click()
    outcomes = {
        page.locator("details.finding:visible").nth(i).get_attribute("data-outcome")
        for i in range(loaded.visible_findings())
    }
    assert outcomes == {"fail", "error", "unknown"}


def test_findings_expand_and_copy_buttons_work(loaded: Loaded) -> None:
    page = loaded.page
    blocks = page.locator(".remediation pre code")
    # the fixture's code: the reload commands, a choice of two domain edits (virt-xml,
    # virsh edit and the XML each) between a shutdown and a start, and a file
    # replacement (the old line, the new one): 1 + 1 + 6 + 1 + 2
    assert blocks.count() == 11
    assert page.locator(".remediation .code button.copy").count() == blocks.count()

    passing = page.locator('details.finding[data-outcome="pass"]').first
    assert passing.get_attribute("open") is None
    page.locator("button.expand-all").click()
    assert passing.get_attribute("open") is not None
    page.locator("button.collapse-all").click()
    assert page.locator("details.finding[open]").count() == 0
    page.locator("button.expand-all").click()

    first = page.locator(".remediation .code").first
    first.locator("button.copy").click()
    page.wait_for_function(
        "() => document.querySelector('.remediation .code button.copy').textContent !== 'Copy'"
    )
    assert first.locator("button.copy").inner_text() == "Copied"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == first.locator("pre code").inner_text()
    assert "modprobe kvm_intel nested=1" in copied


# --- Big hosts and small screens (issue 11) ------------------------------------

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "bundles"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """file: URLs of the pages these tests read: the hostile fixture, the AMD sample and
    the 211-domain host of tests/bighost.py."""
    from bighost import big_assessment

    from nestaudit import bundle as bundle_mod
    from nestaudit.judge import assess
    from nestaudit.render import render as render_assessment

    base = tmp_path_factory.mktemp("pages")
    judged = {
        "amd": assess([bundle_mod.load(SAMPLES / "amd-l0-rhel10-nested-on-running.json")]),
        "big": big_assessment(base, 211),
    }
    urls = {}
    for name, assessment in judged.items():
        path = base / f"{name}.html"
        path.write_bytes(render_assessment(assessment, OutputFormat.HTML))
        urls[name] = path.as_uri()
    hostile = base / "hostile.html"
    hostile.write_bytes(render(load("l0-fail"), OutputFormat.HTML))
    urls["hostile"] = hostile.as_uri()
    return urls


def opened(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    page = browser.new_page(viewport=viewport)
    page.goto(url)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("name", ["hostile", "amd", "big"])
def test_page_never_scrolls_sideways_on_a_phone(browser: Any, pages: dict[str, str],
                                                name: str) -> None:
    page = opened(browser, pages[name], PHONE)
    try:
        # every fold open: evidence tables and code are the widest things on the page
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        width, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert inner == 390
        assert width <= inner, f"{name}: the page is {width} px wide at {inner} px"
    finally:
        page.close()


@pytest.mark.parametrize("name", ["amd", "big"])
def test_first_screen_shows_the_verdict_and_what_to_act_on(browser: Any, pages: dict[str, str],
                                                           name: str) -> None:
    page = opened(browser, pages[name], DESKTOP)
    try:
        card = page.locator("section.card.verdict").first.bounding_box()
        first = page.locator("ol.act-list li").first.bounding_box()
        assert card is not None and first is not None
        assert card["y"] >= 0 and card["y"] + card["height"] <= DESKTOP["height"], card
        assert first["y"] + first["height"] <= DESKTOP["height"], first
        assert page.locator("ol.act-list li").first.locator(".tag").inner_text() == "FAIL"
    finally:
        page.close()


def test_group_cards_count_their_findings_in_the_filters(browser: Any,
                                                         pages: dict[str, str]) -> None:
    page = opened(browser, pages["big"], DESKTOP)
    try:
        shown = page.locator(".shown")
        total = int(shown.inner_text().split(" of ")[1].split()[0])
        assert total > 1000 and shown.inner_text() == f"{total} of {total} findings shown"
        cards = page.locator("details.finding").count()
        assert cards < total / 20
        group = page.locator('details.finding.group[data-outcome="fail"]').first
        assert group.get_attribute("open") is not None
        count = int(group.get_attribute("data-count") or "0")
        page.locator("button.problems-only").click()
        visible = page.locator("details.finding:visible")
        counted = sum(int(visible.nth(i).get_attribute("data-count") or "1")
                      for i in range(visible.count()))
        assert shown.inner_text() == f"{counted} of {total} findings shown" and counted >= count
        page.locator("input.search").fill("bench-0020-kvm-lab")
        assert group.is_visible()
    finally:
        page.close()
