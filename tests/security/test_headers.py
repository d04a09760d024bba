"""Security headers on every page a visitor or teacher can open, templates the CSP allows, production cookies.

`manage.py check --deploy` under production settings is tested in tests/cms/test_site.py; the foreign-Origin
WebSocket refusal in tests/network/test_consumers.py.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.security import rules
from tests.security.rules import OK


def pages_to_check(world):
    """(role, url) for every GET view and page type the rules say anonymous visitors or teachers may open."""
    for name, rule in rules.URL_RULES.items():
        if rule.method != "GET" or name.startswith("wagtailadmin"):
            continue
        kwargs = rules.URL_KWARGS.get(name, lambda world: {})(world)
        with translation.override("kk"):
            url = reverse(name, args=kwargs) if isinstance(kwargs, list) else reverse(name, kwargs=kwargs)
        for role in ("anonymous", "teacher"):
            if rule.expect[role] == OK:
                yield role, url
    for key, rule in rules.PAGE_RULES.items():
        for role in ("anonymous", "teacher"):
            if rule.expect[role] == OK:
                yield role, world.pages[key].get_url()


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def test_every_html_page_carries_the_security_headers(world):
    checked, wrong = 0, []
    clients = {"anonymous": Client(), "teacher": Client()}
    clients["teacher"].force_login(world.users["teacher"])
    for role, url in pages_to_check(world):
        response = clients[role].get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        checked += 1
        csp = directives(response.get("Content-Security-Policy", ""))
        problems = [
            "no CSP" if not csp else "",
            "script-src allows inline" if "'unsafe-inline'" in csp.get("script-src", ["'unsafe-inline'"]) else "",
            "style-src allows inline" if "'unsafe-inline'" in csp.get("style-src", ["'unsafe-inline'"]) else "",
            "connect-src allows any WebSocket host" if {"ws:", "wss:"} & set(csp.get("connect-src", [])) else "",
            "framable"
            if response.get("X-Frame-Options") != "DENY" and csp.get("frame-ancestors") != ["'none'"]
            else "",
            "no nosniff" if response.get("X-Content-Type-Options") != "nosniff" else "",
            "no Referrer-Policy" if not response.get("Referrer-Policy") else "",
            "no Permissions-Policy" if "camera=()" not in response.get("Permissions-Policy", "") else "",
        ]
        wrong += [f"{role} {url}: {problem}" for problem in problems if problem]
    assert checked >= 10 and not wrong, "\n".join(wrong)


def test_websockets_may_only_reach_this_host(client, db):
    csp = directives(client.get("/kk/search/", HTTP_HOST="localhost")["Content-Security-Policy"])
    assert csp["connect-src"] == ["'self'", "ws://localhost", "wss://localhost"]
    secure = directives(client.get("/kk/search/", HTTP_HOST="localhost", secure=True)["Content-Security-Policy"])
    assert secure["connect-src"] == ["'self'", "wss://localhost"]


PROJECT_APPS = ("network", "projects", "forums", "cms", "events", "config")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"\sstyle=|<style[\s>]", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


# Templates never served over HTTP (so no CSP applies), e.g. pages written into a downloadable zip.
OFFLINE_TEMPLATES = {
    "projects/templates/projects/portfolio_project.html": "the offline portfolio export (projects.services)",
}


def project_templates():
    root = Path(settings.BASE_DIR)
    found = [*(root / "templates").glob("**/*.html")]  # project-level: base.html, error pages
    for app in PROJECT_APPS:  # each app's templates/, and those of its packages (network/events/templates/ …)
        found += (root / app).glob("**/templates/**/*.html")
    for template in found:
        if str(template.relative_to(root)) not in OFFLINE_TEMPLATES:
            yield template


def test_templates_have_no_inline_scripts_styles_or_handlers():
    """The CSP blocks them: a page would silently lose its behaviour or layout. Use a static file and a class."""
    wrong = []
    for template in project_templates():
        text = template.read_text()
        for what, pattern in (
            ("inline script", INLINE_SCRIPT),
            ("inline style", INLINE_STYLE),
            ("on*=", EVENT_HANDLER),
        ):
            if pattern.search(text):
                wrong.append(f"{template.relative_to(settings.BASE_DIR)}: {what}")
    assert not wrong, "\n".join(wrong)


def production_settings(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 60 + "-not-a-real-secret-but-long-and-random-enough",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        ORTAQ_PUBLIC_URL="https://ortaq.example.kz",
        **extra,
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k)"
        " for k in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
        " 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'X_FRAME_OPTIONS', 'SECURE_CONTENT_TYPE_NOSNIFF']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE"])
def test_cookies_only_travel_over_https_in_production(name, production):
    assert production[name] is True


def test_production_redirects_to_https_and_forbids_framing(production):
    assert production["SECURE_SSL_REDIRECT"] and production["SECURE_HSTS_SECONDS"] >= 31536000
    assert (production["X_FRAME_OPTIONS"], production["SECURE_CONTENT_TYPE_NOSNIFF"]) == ("DENY", True)
    assert production["SESSION_COOKIE_HTTPONLY"]


@pytest.fixture(scope="module")
def production():
    return production_settings()
