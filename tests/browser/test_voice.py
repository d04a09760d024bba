"""Teachers' voice on a 360 px phone without JavaScript: the page fits, its figures are readable in each language."""

import pytest

from cms import demo as cms_demo
from projects import services
from projects.models import Theme
from tests.conftest import ensure_wagtail_root
from tests.factories import SchoolFactory, UserFactory
from tests.projects.test_voice import make_projects

pytestmark = pytest.mark.browser


def test_a_phone_without_javascript_reads_the_figures_in_each_language(browser, live_server_url):
    ensure_wagtail_root()  # a live-server test may start after another flushed the database
    cms_demo.seed()
    services.ensure_site_structure()
    school = SchoolFactory()
    lab, _created = Theme.objects.get_or_create(
        slug="practical-work",
        defaults={"name": "No laboratory", "name_kk": "Зертхана жоқ", "name_ru": "Нет лаборатории"},
    )
    make_projects(None, school, lab, 4)
    UserFactory(school=school)
    context = browser.new_context(
        base_url=live_server_url, viewport={"width": 360, "height": 800}, java_script_enabled=False
    )
    tab = context.new_page()
    for code in ("kk", "ru", "en"):
        tab.goto(f"/{code}/teachers-voice/")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 360  # wide tables scroll inside themselves
        assert tab.locator("svg.voice-chart rect.bar").count() >= 1
        assert tab.locator("#voice-matrix tbody tr").first.inner_text().strip().endswith("4")
    context.close()
