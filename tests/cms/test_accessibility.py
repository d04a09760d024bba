"""WCAG 2.2 AA in a real Chromium: axe-core on every kind of public page, and a keyboard-only walk."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
}
PAGES = [
    "/kk/",
    "/ru/",
    "/en/",
    "/kk/cycle/",
    "/ru/about/",
    "/en/privacy/",
    "/kk/search/?q=мектеп",
    "/ru/search/?q=лаборатории",
    "/en/search/?q=!!!",
    "/kk/offline/",
    "/accounts/login/",
    "/accounts/signup/",
]


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [360, 1280])
def test_public_pages_have_no_serious_accessibility_violations(page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for path in PAGES:
        page.goto(path)
        if problems := serious_violations(page):
            found[path] = problems
    assert found == {}


def test_low_data_mode_page_has_no_serious_accessibility_violations(page, demo_site):
    page.goto("/en/about/")
    page.get_by_role("button", name="Switch low-data mode on").click()
    page.wait_for_load_state()
    assert page.get_by_text("Low-data mode is on").is_visible()
    assert serious_violations(page) == []


def test_keyboard_reaches_skip_link_first_then_main_language_and_sign_in(page, demo_site):
    page.goto("/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto("/en/")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
        )
    names = [name for name, _ in reached]
    assert "Sign in" in names
    assert "Қазақша" in names and "Русский" in names
    # The focused element is visibly outlined (not hidden focus).
    page.goto("/en/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
