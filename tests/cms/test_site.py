"""Languages, operational endpoints and production settings."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from tests.network.conftest import _events_index_id, events_index, make_event  # noqa: F401 (fixtures)


@pytest.fixture
def home(site):
    return site["homes"]


def test_root_redirects_by_browser_language_default_kazakh(client, home):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")["Location"] == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/kk/"


@pytest.mark.parametrize("code", ["kk", "ru", "en"])
def test_each_language_prefix_sets_html_lang_and_translates_the_chrome(client, home, code):
    html = client.get(f"/{code}/").content.decode()
    assert f'<html lang="{code}">' in html
    label = {"kk": "Форумдар", "ru": "Форумы", "en": "Forums"}[code]
    assert label in html


def test_language_switcher_keeps_the_reader_on_the_same_page(client, home):
    html = client.get("/ru/search/?q=x").content.decode()
    assert 'href="/en/search/?q=x"' in html and 'href="/kk/search/?q=x"' in html


def test_healthz_reports_every_dependency(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "cache": True, "channel_layer": True}


def test_healthz_is_503_when_cache_and_channel_layer_are_unreachable(client, db, settings):
    closed = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": closed,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [closed]}}
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "cache": False, "channel_layer": False}


def test_robots_and_sitemap_list_public_pages_in_every_language(client, home):
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for code in ("kk", "ru", "en"):
        assert f"http://testserver/{code}/</loc>" in sitemap


def test_static_css_is_small_and_local(client, home):
    html = client.get("/kk/").content.decode()
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


def _start_django(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG")}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings.base")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=env,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _start_django({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check_with_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG",)}
    env.update(
        DJANGO_DEBUG="0",
        ORTAQ_PUBLIC_URL="https://ortaq.example.kz",
        DJANGO_SECRET_KEY="x" * 60 + "-not-a-real-secret-but-long-and-random-enough-9f8e7d",
        DJANGO_SETTINGS_MODULE="config.settings.base",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_account_pages_follow_the_language_the_reader_chose(client, home):
    sign_in = re.search(r'href="(/accounts/login/[^"]*)"', client.get("/ru/").content.decode()).group(1)
    html = client.get(sign_in.replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ru">' in html
    # The form's POST (no ?lang=) stays in Russian too.
    html = client.post("/accounts/login/", {"login": "x@example.org", "password": "no"}).content.decode()
    assert '<html lang="ru">' in html


def test_editors_choose_the_header_menu_in_wagtail_in_each_language(client, site):
    """The header menu lists the pages marked "Show in menus" (Promote tab), each language its own."""
    from tests.cms.conftest import add_page

    about_ru = site["pages"]["ru"]["about"]

    def menu(path: str) -> str:
        return client.get(path).content.decode().split('class="main-nav"', 1)[1].split("</nav>", 1)[0]

    assert f'href="{about_ru.url}"' in menu("/ru/") and about_ru.title in menu("/ru/")
    assert site["pages"]["en"]["about"].title not in menu("/ru/")  # English pages stay in the English menu

    page = add_page(site["homes"]["ru"], title="Сеть школ", slug="network-ru")
    assert "Сеть школ" not in menu("/ru/")
    page.show_in_menus = True
    page.save_revision().publish()
    about_ru.show_in_menus = False
    about_ru.save_revision().publish()
    assert "Сеть школ" in menu("/ru/") and about_ru.title not in menu("/ru/")


def test_the_home_page_lists_an_event_in_progress_as_happening_now(client, make_event):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    from cms import demo as cms_demo

    now = timezone.now()
    make_event(title="Poster session under way", start=now - timedelta(hours=1), end=now + timedelta(hours=3))
    make_event(title="Seminar next week", start=now + timedelta(days=7))
    cms_demo.feature_content()  # the home page's "coming events" block
    html = client.get("/en/").content.decode()
    assert "Poster session under way" in html and "Seminar next week" in html
    assert html.count("Happening now") == 1
    assert html.index("Poster session under way") < html.index("Happening now") < html.index("Seminar next week")
