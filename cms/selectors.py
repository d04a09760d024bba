"""Reads for the public site: everything here is what an anonymous reader may see (live, public pages)."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from network import stemming
from network.events import selectors as event_selectors
from network.models import Region

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
WORD = re.compile(r"\w+", re.UNICODE)


def list_public_pages() -> QuerySet[Page]:
    """Live pages nobody needs to sign in for, in every language, below the tree root."""
    return Page.objects.live().public().filter(depth__gt=1)


def list_menu_pages(*, locale: Locale) -> QuerySet[Page]:
    """The main menu: live pages directly under the home page of `locale` that editors marked "Show in menus"
    (Promote tab in the Wagtail admin), in the order of the page tree. One query."""
    return Page.objects.live().in_menu().filter(depth=3, locale=locale).order_by("path")


def list_region_figures() -> QuerySet[Region]:
    """Every region with `school_count` (confirmed schools) and `member_count` (active members at them), one query.

    Public figures: anyone may see them. Ordered by the region's name in the active language.
    """
    language = (get_language() or "en")[:2]
    order = f"name_{language}" if language in ("kk", "ru") else "name"
    return Region.objects.annotate(
        school_count=Count("schools", filter=Q(schools__is_confirmed=True), distinct=True),
        member_count=Count(
            "schools__members",
            filter=Q(schools__is_confirmed=True, schools__members__is_active=True),
            distinct=True,
        ),
    ).order_by(order, "name")


def list_upcoming_pages(*, parent: Page, limit: int = 3) -> list[Page]:
    """Live public children of `parent` in the active language (anyone may see them).

    Dated children (events: `start` and `end`) that have not ended yet, soonest first, each with `happening_now`
    (network.events.selectors.is_happening_now: an event under way stays, marked as such); other sections newest
    first. Sections are small (a network runs a few events a month), so dates are compared in Python.
    """
    parent = parent.localized
    children = list(parent.get_children().live().public().specific().order_by("-first_published_at")[:50])
    if children and all(hasattr(child, "start") and hasattr(child, "end") for child in children):
        now = timezone.now()
        children = sorted((child for child in children if child.end >= now), key=lambda child: child.start)
        for child in children:
            child.happening_now = event_selectors.is_happening_now(event=child, now=now)
    return children[:limit]


def list_page_translations(page: Page) -> dict[str, Page]:
    """Live public versions of `page` by language code (itself included); memoised on the page for this request."""
    cached = getattr(page, "_ortaq_translations", None)
    if cached is None:
        pages = Page.objects.live().public().filter(translation_key=page.translation_key).select_related("locale")
        cached = {p.locale.language_code: p for p in pages}
        page._ortaq_translations = cached
    return cached


# Public views that are not Wagtail pages but belong in the sitemap, in every language.
PUBLIC_VIEWS = ["projects:voice"]


def list_sitemap_entries(*, request) -> list[dict]:
    """One entry per live public page (and per PUBLIC_VIEWS view and language): its absolute URL, last change and
    the URLs of its translations by language."""
    pages = list(list_public_pages().select_related("locale").order_by("path"))
    by_key: dict = {}
    entries = []
    for page in pages:
        url = page.get_url(request=request)
        if not url:
            continue
        url = request.build_absolute_uri(url)
        entry = {"url": url, "lastmod": page.last_published_at, "code": page.locale.language_code}
        by_key.setdefault(page.translation_key, []).append(entry)
        entries.append((page.translation_key, entry))
    for name in PUBLIC_VIEWS:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                url = request.build_absolute_uri(reverse(name))
            entry = {"url": url, "lastmod": None, "code": code}
            by_key.setdefault(name, []).append(entry)
            entries.append((name, entry))
    for key, entry in entries:
        siblings = sorted(by_key[key], key=lambda e: e["code"])
        entry["alternates"] = siblings if len(siblings) > 1 else []
        entry["default"] = next((s["url"] for s in siblings if s["code"] == "kk"), siblings[0]["url"])
    return [entry for _, entry in entries]


@dataclass
class SearchOutcome:
    query: str
    words: list[str]
    problem: str = ""  # "", "empty", "too_long", "no_words"


def parse_query(raw: str) -> SearchOutcome:
    """Clean a reader's search text; say what is wrong with it instead of running an absurd search."""
    query = " ".join((raw or "").split())
    if not query:
        return SearchOutcome(query="", words=[], problem="empty")
    if len(query) > MAX_QUERY_LENGTH:
        return SearchOutcome(query=query[:MAX_QUERY_LENGTH], words=[], problem="too_long")
    words = [w for w in WORD.findall(query) if len(w) > 1 or w.isdigit()]
    if not words:
        return SearchOutcome(query=query, words=[], problem="no_words")
    return SearchOutcome(query=query, words=words[:MAX_QUERY_WORDS])


def search_terms(*, words: list[str], language: str) -> list[str]:
    """The words typed and their stems (network.stemming): "мектептер" also looks for "мектеп"."""
    terms = dict.fromkeys(word.casefold() for word in words)
    terms.update(dict.fromkeys(stemming.stem(word, language) for word in words))
    return list(terms)


def search_pages(*, words: list[str], locale: Locale):
    """Live public pages in `locale` matching `words` or their stems (anyone may see them), best first.

    Pages index the stems of their own text (`search_stems`), so every inflected form finds every other one.
    """
    terms = search_terms(words=words, language=locale.language_code)
    return list_public_pages().filter(locale=locale).search(" ".join(terms), operator="or")


def page_texts(pages: list[Page]) -> dict[int, str]:
    """The searchable text of each page (description, then its indexed text fields as plain text), for excerpts.

    Read from the pages themselves, not the search index: on PostgreSQL the index holds tsvectors, not text.
    One query per page type among `pages` (Wagtail's `specific()`), whatever the number of pages.
    """
    from wagtail.search import index

    if not pages:
        return {}
    texts = {}
    for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific():
        parts = [page.search_description]
        for search_field in page.search_fields:
            name = getattr(search_field, "field_name", "")
            if not isinstance(search_field, index.SearchField) or name in ("title", "search_description"):
                continue
            value = getattr(page, name, None)
            if value in (None, ""):
                continue
            try:
                model_field = page._meta.get_field(name)
            except FieldDoesNotExist:
                model_field = None
            if hasattr(model_field, "get_searchable_content"):  # rich text, StreamFields: plain text, as indexed
                parts.extend(str(text) for text in model_field.get_searchable_content(value))
            elif isinstance(value, str):
                parts.append(value)
        texts[page.pk] = " ".join(filter(None, parts))
    return texts


def highlight(text: str, words: list[str], *, width: int = 220) -> SafeString:
    """A short excerpt of `text` around the first matched word, HTML-escaped, each match wrapped in <mark>."""
    text = " ".join((text or "").split())
    if not words:
        return escape(text[:width])
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    start = 0 if first is None or first.start() < width // 3 else first.start() - width // 3
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    excerpt = text[start:end]
    parts, last = [], 0
    for match in pattern.finditer(excerpt):  # format_html escapes reader/editor text; only <mark> is ours
        parts.append(format_html("{}<mark>{}</mark>", excerpt[last : match.start()], match.group(0)))
        last = match.end()
    parts.append(escape(excerpt[last:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return format_html("{}{}{}", prefix, format_html_join("", "{}", ((part,) for part in parts)), suffix)


def is_low_data(request) -> bool:
    """True when the browser asks to save data or the reader switched low-data mode on."""
    if request is None:
        return False
    return request.headers.get("Save-Data", "").lower() == "on" or request.COOKIES.get(LOW_DATA_COOKIE) == "1"


LOW_DATA_COOKIE = "ortaq_lowdata"
