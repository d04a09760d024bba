"""Sitemap, canonical and hreflang links, language switcher for untranslated pages, link previews."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from tests.cms.conftest import add_page

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client) -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} from /sitemap.xml, parsed as XML."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_public_page_in_every_language_with_alternates(client, site):
    entries = sitemap(client)
    for code in ("kk", "ru", "en"):
        for slug in ("", "about/", "cycle/", "privacy/"):
            assert f"http://testserver/{code}/{slug}" in entries
    assert entries["http://testserver/ru/about/"] == {
        "kk": "http://testserver/kk/about/",
        "ru": "http://testserver/ru/about/",
        "en": "http://testserver/en/about/",
        "x-default": "http://testserver/kk/about/",
    }


def test_sitemap_leaves_out_drafts_and_private_pages(client, site):
    add_page(site["homes"]["en"], title="Draft", slug="draft", live=False)
    private = add_page(site["homes"]["en"], title="Staff room", slug="staff-room")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    entries = sitemap(client)
    assert "http://testserver/en/draft/" not in entries
    assert "http://testserver/en/staff-room/" not in entries


def test_untranslated_page_has_no_alternates_in_the_sitemap(client, site):
    add_page(site["homes"]["en"], title="Only in English", slug="only-english")
    assert sitemap(client)["http://testserver/en/only-english/"] == {}


@pytest.mark.parametrize("code", ["kk", "ru", "en"])
def test_every_page_head_has_lang_canonical_and_hreflang_links(client, site, code):
    html = client.get(f"/{code}/cycle/").content.decode()
    assert f'<html lang="{code}">' in html
    assert f'<link rel="canonical" href="http://testserver/{code}/cycle/">' in html
    for other in ("kk", "ru", "en"):
        assert f'<link rel="alternate" hreflang="{other}" href="http://testserver/{other}/cycle/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/kk/cycle/">' in html


def test_language_switcher_says_when_a_page_is_not_translated(client, site):
    add_page(site["homes"]["en"], title="Only in English", slug="only-english")
    html = client.get("/en/only-english/").content.decode()
    assert "no translation of this page yet" in html
    assert 'hreflang="ru" href=' not in html  # no alternate for a language that does not exist
    assert '<a href="/en/only-english/" hreflang="en"' in html
    assert '<a href="/ru/' not in html.split('class="wrap langs"')[1].split("</nav>")[0]


def test_page_shares_a_title_description_and_image_in_link_previews(client, site):
    page = site["pages"]["en"]["about"]
    page.social_image = Image.objects.create(title="Class", file=get_test_image_file(size=(1400, 900)))
    page.save_revision().publish()
    html = client.get("/en/about/").content.decode()
    assert '<meta property="og:title" content="About us">' in html
    assert '<meta name="description" content="Ortaq is a professional network where rural teachers learn' in html
    assert '<meta property="og:image" content="http://testserver/media/images/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
