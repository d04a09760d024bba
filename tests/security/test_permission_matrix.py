"""Permission matrix: every URL, page type and WebSocket route answers each role as tests/security/rules.py says.

The lists come from the live URL configuration (`get_resolver()`, language prefix `/kk/`), Wagtail's page
models and `config.routing`, so a new view without a rule fails `test_every_*_has_a_rule`.
"""

import json
import re

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation
from wagtail.models import get_page_models

from tests.conftest import ORIGIN, session_cookie
from tests.security import rules
from tests.security.rules import ADMIN_LOGIN, AWAY, LOGIN, ROLES


def walk(patterns, prefix: str = "", namespace: str | None = None):
    """(full name or None, full route, pattern) for every URL pattern, through includes and namespaces."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern), entry


def all_patterns():
    with translation.override("kk"):
        return list(walk(get_resolver().url_patterns))


def is_admin(route: str) -> bool:
    return route.startswith("admin/")


def site_url_names() -> set[str]:
    return {name for name, route, _p in all_patterns() if name and not is_admin(route)} | {"wagtailadmin_home"}


def outcome(response, url: str = ""):
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return LOGIN
        if location.startswith(reverse("wagtailadmin_login")):
            return ADMIN_LOGIN
        if url.startswith("/admin/") and location == reverse("wagtailadmin_home"):
            return rules.ADMIN_REFUSED
        return AWAY
    return response.status_code


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def check(rule, url: str, world) -> list[str]:
    """Mismatches between `rule` and what each role really gets at `url`."""
    wrong = []
    for role in ROLES:
        client = client_for(world.users[role])
        extra = {"content_type": rule.content_type} if rule.content_type else {}
        with transaction.atomic():  # every role meets the same world: one role's POST is undone for the next
            response = getattr(client, rule.method.lower())(url, rule.data, **extra)
            transaction.set_rollback(True)
        got = outcome(response)
        if got != rule.expect[role]:
            wrong.append(f"{role}: expected {rule.expect[role]}, got {got}")
    return wrong


# --- Every URL, page type and route has a rule -------------------------------------------------------------------


def test_every_url_name_has_a_rule():
    names = site_url_names()
    missing = sorted(names - set(rules.URL_RULES) - set(rules.EXCLUDED_URLS))
    stale = sorted(set(rules.URL_RULES) - names)
    assert not missing, (
        f"URL names without a permission rule: {missing}. Add each to URL_RULES (and URL_KWARGS if it takes "
        "arguments) in tests/security/rules.py: what anonymous, teacher, other_teacher, co_leader, facilitator, "
        "other_facilitator and admin get."
    )
    assert not stale, f"rules for URL names that no longer exist: {stale}; remove them from tests/security/rules.py"


def test_every_unnamed_url_is_justified():
    unnamed = {route for name, route, _p in all_patterns() if not name and not is_admin(route)}
    assert unnamed <= set(rules.EXCLUDED_UNNAMED), (
        f"unnamed URL patterns {sorted(unnamed - set(rules.EXCLUDED_UNNAMED))}: give them a name and a rule"
    )


def test_every_page_type_has_a_rule():
    labels = {model._meta.label for model in get_page_models()}
    covered = {key.split(":")[0] for key in rules.PAGE_RULES} | set(rules.EXCLUDED_PAGES)
    assert not labels - covered, (
        f"page types without a rule: {sorted(labels - covered)}. Add PAGE_RULES['app.Model'] in "
        "tests/security/rules.py and a live instance in world.pages (tests/security/conftest.py)."
    )


def test_every_websocket_route_has_a_rule():
    from config.routing import websocket_urlpatterns

    routes = {str(route.pattern) for route in websocket_urlpatterns}
    assert not routes - set(rules.WS_RULES), (
        f"WebSocket routes without a rule: {sorted(routes - set(rules.WS_RULES))}; "
        "add WS_RULES (and WS_KWARGS) in tests/security/rules.py"
    )


# --- Each rule holds ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(rules.URL_RULES))
def test_each_role_gets_what_the_rules_say(name, world):
    kwargs = rules.URL_KWARGS.get(name, lambda world: {})(world)
    with translation.override("kk"):
        url = reverse(name, args=kwargs) if isinstance(kwargs, list) else reverse(name, kwargs=kwargs)
    wrong = check(rules.URL_RULES[name], url, world)
    assert not wrong, f"{name} ({url}): " + "; ".join(wrong)


@pytest.mark.parametrize("key", sorted(rules.PAGE_RULES))
def test_each_role_sees_pages_as_the_rules_say(key, world):
    page = world.pages[key]
    url = page.get_url()
    wrong = check(rules.PAGE_RULES[key], url, world)
    assert not wrong, f"{key} ({url}): " + "; ".join(wrong)


def sample_path(route: str) -> str:
    """A concrete path for a route with placeholders: `<int:pk>` -> 1, regex groups -> 1."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: {"path": "x/1"}.get(m.group(1), "1"), route)
    out, depth = [], 0
    for char in path:  # replace each outermost regex group with a sample
        if char == "(":
            if depth == 0:
                out.append("1")
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
    path = "".join(out)
    path = re.sub(r"(?<=1)[?*+]", "", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def test_admin_views_refuse_visitors_and_teachers(world):
    """Every Wagtail admin view (hooks' views included) sends anonymous visitors and teachers to the admin sign-in."""
    anonymous, teacher = client_for(None), client_for(world.users["teacher"])
    checked, wrong = 0, []
    for name, route, pattern in all_patterns():
        if not is_admin(route) or name in rules.ADMIN_PUBLIC or not name:
            continue
        url = sample_path(route)
        if resolve(url).url_name != pattern.name:
            wrong.append(f"{name}: could not build a sample path ({url})")
            continue
        for who, client in (("anonymous", anonymous), ("teacher", teacher)):
            got = outcome(client.get(url))
            if got != ADMIN_LOGIN:
                wrong.append(f"{name} {url} {who}: got {got}")
        checked += 1
    assert checked > 100 and not wrong, "\n".join(wrong)


def test_teacher_sees_no_admin_content(world):
    client = client_for(world.users["teacher"])
    response = client.get("/admin/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/admin/login/")  # the admin sign-in form, with a message
    with translation.override(world.users["teacher"].preferred_language or "kk"):
        refusal = translation.gettext("You do not have permission to access the admin.")
    assert refusal in html or "You do not have permission to access the admin." in html
    for private in (world.group.name, world.proposed_school.name, world.users["co_leader"].display_name):
        assert private not in html


def _readable(response) -> str:
    """An admin page's text; a modal (the chooser, workflow forms) answers JSON with its HTML inside."""
    body = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False).replace("\\/", "/").replace('\\"', '"')
    return body


def test_admin_views_answer_each_facilitator_as_the_rules_say(world):
    """The admin's page, search, chooser, report and workflow views for every role (rules.ADMIN_RULES): refused or
    allowed as the site is, and no 200 shows world.group's private project or its draft to a role that may not."""
    markers = [re.compile(marker) for marker in rules.private_markers(world)]
    wrong = []
    for label, admin in rules.ADMIN_RULES.items():
        url = admin.url(world)
        for role in ROLES:
            response = client_for(world.users[role]).get(url)
            got = outcome(response, url)
            if got != admin.rule.expect[role]:
                wrong.append(f"{label} ({url}) {role}: expected {admin.rule.expect[role]}, got {got}")
            elif got == 200 and role not in admin.may_see_private:
                text = _readable(response)
                shown = [marker.pattern for marker in markers if marker.search(text)]
                if shown:
                    wrong.append(f"{label} ({url}) {role}: shows {shown}")
    assert not wrong, "\n".join(wrong)


# --- WebSockets ------------------------------------------------------------------------------------------------------


async def ws_outcome(user, path: str):
    from channels.db import database_sync_to_async

    from config.asgi import application

    headers = [(b"origin", ORIGIN), (b"host", b"127.0.0.1")]
    if user is not None:
        cookie = await database_sync_to_async(session_cookie)(user)
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect()
    if not connected:
        return f"refused at the handshake ({code}), not accepted and closed"
    if not await communicator.receive_nothing(timeout=0.3):
        output = await communicator.receive_output()
        if output["type"] == "websocket.close":  # a refusal: accepted, then closed with its code
            return output.get("code")
    await communicator.disconnect()
    return rules.ACCEPT


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", sorted(rules.WS_RULES))
async def test_each_role_may_subscribe_as_the_rules_say(route, world):
    kwargs = rules.WS_KWARGS.get(route, lambda world: {})(world)
    path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)
    wrong = []
    for role in ROLES:
        got = await ws_outcome(world.users[role], path)
        if got != rules.WS_RULES[route][role]:
            wrong.append(f"{role}: expected {rules.WS_RULES[route][role]}, got {got}")
    assert not wrong, f"{path}: " + "; ".join(wrong)


# --- Uploads on disk ---------------------------------------------------------------------------------------------


def test_private_files_are_not_served_as_media(world, settings):
    """Project files live under MEDIA_ROOT/private: the /media/ route (ORTAQ_SERVE_MEDIA) must not hand them out."""
    from pathlib import Path

    assert settings.ORTAQ_SERVE_MEDIA  # the route exists in the test settings, as on a single machine
    project = world.extra["project"]
    private = [world.extra["evidence"].file, project.poster_file, world.extra["chunked_upload"].file]
    for field in private:
        assert Path(field.path).is_file()
        url = "/media/private/" + field.name
        for role in ("anonymous", "teacher", "admin"):
            got = outcome(client_for(world.users[role]).get(url))
            assert got == 404, f"{url} served to {role} ({got}); private files go through projects:file only"
    public = Path(settings.MEDIA_ROOT) / "matrix-public.txt"
    public.write_text("public")
    assert client_for(None).get("/media/matrix-public.txt").status_code == 200  # public uploads still served
