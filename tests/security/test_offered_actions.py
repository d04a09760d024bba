"""What a page offers, the viewer may do: each role's pages, every action form and button on them POSTed.

The pages are those the permission matrix (rules.py) opens to the role with 200; the forms are read from the HTML.
A form or button the viewer may not use must not be rendered (issue 12: a hidden post offered "Helpful" -> 403).
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from tests.security import rules
from tests.security.rules import OK, ROLES
from tests.security.test_permission_matrix import client_for


class _Forms(HTMLParser):
    """The POST forms of a page: action, the fields they send and one submission per submit button."""

    def __init__(self):
        super().__init__()
        self.forms, self._form = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "",
                          "fields": {}, "buttons": []}  # fmt: skip
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "select", "textarea") and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "image"):
                self._form["buttons"].append(attrs)
            elif kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            elif kind != "file":
                self._form["fields"].setdefault(attrs["name"], attrs.get("value") or "")
        elif tag == "button" and (attrs.get("type") or "submit").lower() == "submit":
            self._form["buttons"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def submissions(html: str, page_url: str):
    """(action URL, data) for each POST form of the page, once per submit button (a form without one: once)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] != "post":
            continue
        for button in form["buttons"] or [{}]:
            action = urljoin(page_url, button.get("formaction") or form["action"] or page_url)
            if urlsplit(action).netloc not in ("", "testserver"):
                continue
            data = dict(form["fields"])
            if button.get("name"):
                data[button["name"]] = button.get("value") or ""
            yield urlsplit(action)._replace(scheme="", netloc="").geturl(), data


def pages_for(role: str, world) -> list[str]:
    """Every site page (not the Wagtail admin) that the rules open to `role` with 200 on a GET."""
    urls = []
    with translation.override("kk"):
        for name, rule in sorted(rules.URL_RULES.items()):
            if rule.method == "GET" and rule.expect[role] == OK:
                kwargs = rules.URL_KWARGS.get(name, lambda world: {})(world)
                urls.append(reverse(name, args=kwargs) if isinstance(kwargs, list) else reverse(name, kwargs=kwargs))
    for key, rule in sorted(rules.PAGE_RULES.items()):
        if rule.method == "GET" and rule.expect[role] == OK:
            urls.append(world.pages[key].get_url())
    return [url for url in urls if not url.startswith("/admin/")]


def hide_a_reply(world) -> None:
    """A moderator hid co_leader's reply on the group board: its readers must not be offered Helpful or Report."""
    from forums import services

    reply = world.extra["group_thread"].posts.exclude(pk=world.extra["group_post"].pk).get()
    services.set_post_hidden(post=reply, by=world.users["admin"], hidden=True)


@pytest.mark.parametrize("role", ROLES)
def test_no_action_a_page_offers_answers_403(role, world):
    hide_a_reply(world)
    user = world.users[role]
    # Read every page first, then post: a POST is rolled back in the database, but a file it deleted (evidence,
    # an upload) stays deleted, and a page showing that file would fail.
    offered = {}
    for page_url in pages_for(role, world):
        response = client_for(user).get(page_url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for action, data in submissions(response.content.decode(), page_url):
            if not action.startswith("/admin/"):
                same = (
                    action,
                    tuple(sorted((k, v) for k, v in data.items() if k not in ("csrfmiddlewaretoken", "next"))),
                )
                offered.setdefault(same, (page_url, data))  # the header's forms are on every page: post them once
    refused = []
    for (action, _fields), (page_url, data) in offered.items():
        with transaction.atomic():  # the world stays as it was for the next form
            got = client_for(user).post(action, data).status_code
            transaction.set_rollback(True)
        if got == 403:
            refused.append(f"{page_url} offers POST {action} {data}: 403")
    assert offered, f"{role}: no page offered a form (the crawl found nothing to check)"
    assert not refused, f"{role} is offered what it may not do:\n" + "\n".join(refused)
