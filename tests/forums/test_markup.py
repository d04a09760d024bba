"""What members type is shown as text or as a small set of safe tags, never as script."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from forums import markup, services

XSS = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '"><b onmouseover=alert(1)>x</b>',
    "{{ 7|add:7 }} {% now 'Y' %}",
]


class Elements(HTMLParser):
    """Every real element and attribute a browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    for tag, attrs in Elements(html).found:
        assert tag in markup.ALLOWED_TAGS, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        assert attrs.get("href", "https://").startswith(("https://", "http://", "mailto:")), attrs


@pytest.mark.parametrize("attack", XSS)
def test_attacks_are_rendered_inert(attack):
    html = markup.render(attack)
    assert_inert(html)
    assert "<" not in attack or "&lt;" in html  # the member sees what was typed, as text


@pytest.mark.django_db
def test_xss_corpus_shows_as_text_on_the_thread_page(client, thread, teacher2):
    for attack in XSS:
        services.create_post(thread=thread, author=teacher2, body=attack)
    html = client.get(thread.get_absolute_url()).content.decode()
    bodies = re.findall(r'<div class="post-body">(.*?)</div>', html, flags=re.DOTALL)
    assert len(bodies) == len(XSS) + 1
    for body in bodies:
        assert_inert(body)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html  # the member sees what was typed, as text
    assert "{{ 7|add:7 }}" in html and "14" not in html.split("{{ 7|add:7 }}")[1][:5]


def test_light_markup_becomes_safe_html():
    html = markup.render(
        "**Jar** and *lids*\n\n- one\n- two\n\n> quoted\n\nSee [notes](https://example.org/n) @aigerim"
    )
    assert "<strong>Jar</strong>" in html and "<em>lids</em>" in html
    assert "<ul><li>one</li><li>two</li></ul>" in html
    assert "<blockquote><p>quoted</p></blockquote>" in html
    assert '<a href="https://example.org/n" rel="nofollow ugc">notes</a>' in html
    assert '<span class="mention">@aigerim</span>' in html


def test_bare_links_get_nofollow_ugc():
    assert markup.render("https://bilimland.kz/x") == (
        '<p><a href="https://bilimland.kz/x" rel="nofollow ugc">https://bilimland.kz/x</a></p>'
    )


def test_search_result_snippets_are_escaped(client, thread, teacher2):
    services.create_post(thread=thread, author=teacher2, body="<script>alert('s')</script> laboratory")
    html = client.get(reverse("forums:search"), {"q": "laboratory"}).content.decode()
    assert "<script>alert('s')" not in html
