"""Template helpers for the site chrome: language switcher, canonical/hreflang links, footer, responsive images."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.text import Truncator

from cms import selectors

register = template.Library()

DEFAULT_LANGUAGE = "kk"
IMAGE_WIDTHS = (320, 640, 960, 1280)
PREVIEW_WIDTH = 160


def _page(context):
    page = context.get("page")
    return page if page is not None and hasattr(page, "translation_key") and getattr(page, "pk", None) else None


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language to this same page: a Wagtail page's translation, or the same view in that language.

    Returns dicts with code, name, url, current, and `exists` (False where a page has no translation yet,
    in which case the link goes to that language's home page). Worked out once per request: the header's switcher
    and the head's hreflang links ask for the same (it was the largest single cost of a signed-in page).
    """
    request = context.get("request")
    page = _page(context)
    key = (translation.get_language(), getattr(page, "pk", None))
    memo = getattr(request, "_ortaq_language_links", None)
    if memo is None or memo[0] != key:
        memo = (key, _language_links(request, page))
        if request is not None:
            request._ortaq_language_links = memo
    return [dict(link) for link in memo[1]]


def _language_links(request, page) -> list[dict]:
    current = translation.get_language()
    translations = selectors.list_page_translations(page) if page is not None else {}
    links = []
    for code, name in settings.LANGUAGES:
        exists = True
        if page is not None and translations:
            target = translations.get(code)
            if target is not None:
                with translation.override(code):
                    url = target.get_url(request=request)
            else:
                exists, url = False, f"/{code}/"
        elif request is not None and _unprefixed(request.path_info):
            # /accounts/…, /certificates/…: same page, language chosen by ?lang= (config.middleware)
            query = request.GET.copy()
            query["lang"] = code
            url = f"{request.path}?{query.urlencode()}"
        else:
            url = translate_url(request.get_full_path() if request else "/", code) if request else f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current, "exists": exists})
    return links


def _unprefixed(path: str) -> bool:
    """True for paths outside the language prefixes (/accounts/, /certificates/, /notifications/ …)."""
    return path.split("/", 2)[1] not in {code for code, _name in settings.LANGUAGES}


@register.simple_tag(takes_context=True)
def head_links(context):
    """Canonical URL and hreflang alternates (only languages that exist) plus x-default, all absolute."""
    request = context.get("request")
    links = [link for link in language_links(context) if link["exists"]]
    canonical = request.build_absolute_uri(request.path) if request is not None else ""
    for link in links:
        link["url"] = _absolute(request, link["url"])
        if link["current"]:
            canonical = link["url"]
    default = next(
        (link["url"] for link in links if link["code"] == DEFAULT_LANGUAGE), links[0]["url"] if links else ""
    )
    return {"canonical": canonical, "alternates": links, "default": default}


@register.simple_tag
def main_menu():
    """The pages of the header menu in the active language (cms.selectors.list_menu_pages)."""
    from wagtail.models import Locale

    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return []
    return selectors.list_menu_pages(locale=locale)


@register.simple_tag(takes_context=True)
def footer_text(context):
    """The footer snippet in the active language (falls back to Kazakh), or None."""
    from wagtail.models import Locale

    from cms.models import FooterText

    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return None
    footer = FooterText.objects.filter(locale=locale).first()
    if footer is None:
        footer = FooterText.objects.filter(locale__language_code=DEFAULT_LANGUAGE).first()
    return footer


@register.simple_tag(takes_context=True)
def low_data_mode(context) -> bool:
    return selectors.is_low_data(context.get("request"))


def _srcset(renditions) -> str:
    """ "url 320w, url 640w": one candidate per width (two requested widths can give renditions of the same width,
    and a repeated width makes the srcset invalid HTML)."""
    by_width = {}
    for rendition in renditions:
        by_width.setdefault(rendition.width, rendition.url)
    return ", ".join(f"{url} {width}w" for width, url in sorted(by_width.items()))


@register.simple_tag(takes_context=True)
def responsive_image(context, image, alt="", sizes="100vw"):
    """<picture> with AVIF and WebP renditions, srcset/sizes, width/height and lazy loading.

    In low-data mode (Save-Data: on, or the reader's switch) only a small preview is sent, with a link
    "Load full image" to the large version: it works without JavaScript.
    """
    if image is None:
        return ""
    widths = [w for w in IMAGE_WIDTHS if w < image.width] + [min(image.width, IMAGE_WIDTHS[-1])]
    widths = sorted(set(widths))
    low = selectors.is_low_data(context.get("request"))
    preview_width = min(PREVIEW_WIDTH, image.width)
    if low:
        specs = [f"width-{preview_width}|format-webp|webpquality-50", f"width-{widths[-1]}|format-webp"]
    else:
        specs = [f"width-{w}|format-{fmt}" for fmt in ("avif", "webp") for w in widths]
        specs.append(f"width-{widths[-1]}|format-jpeg")
    renditions = image.get_renditions(*specs)  # one query for those already made
    ctx = {"alt": alt, "sizes": sizes, "image": image}
    if low:
        ctx["preview"] = renditions[specs[0]]
        ctx["full"] = renditions[specs[1]]
        return render_to_string("cms/responsive_image_low.html", ctx)
    ctx["sources"] = [
        {"type": f"image/{fmt}", "srcset": _srcset([renditions[f"width-{w}|format-{fmt}"] for w in widths])}
        for fmt in ("avif", "webp")
    ]
    ctx["fallback"] = renditions[specs[-1]]
    return render_to_string("cms/responsive_image.html", ctx)


OG_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Title, description and (absolute) image for Open Graph / Twitter cards.

    Reads `meta_title`, `meta_description`, `meta_image` from the context when a view sets them,
    else the page's SEO title, search description and `social_image`.
    """
    from django.utils.translation import gettext

    request = context.get("request")
    page = _page(context)
    title = context.get("meta_title") or (page and (page.seo_title or page.title)) or gettext("Ortaq")
    description = (
        context.get("meta_description")
        or (page and page.search_description)
        or (page and Truncator(getattr(page, "summary", "") or "").words(30))
        or gettext(
            "Ortaq is a shared space where teachers in rural and remote schools lead change in their practice "
            "and learn from each other."
        )
    )
    image = context.get("meta_image") or (
        page and (getattr(page, "social_image", None) or getattr(page, "poster_image", None))
    )
    meta = {"title": title, "description": description, "image": None}
    meta["og_locale"] = OG_LOCALES.get(translation.get_language(), "kk_KZ")
    if image is not None:
        rendition = image.get_rendition("fill-1200x630|format-jpeg")
        meta["image"] = {"url": _absolute(request, rendition.url), "width": rendition.width, "height": rendition.height}
    return meta
