"""Template tags for projects and posters."""

from django import template
from django.utils.html import format_html, format_html_join
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def poster_panels(context, page):
    """Panels other apps add under a poster (the forums app's feedback), inside <section id="feedback">.

    Each function registered with the `ortaq_poster_panels` Wagtail hook takes (request, page) and returns HTML
    as a SafeString (`render_to_string`, `format_html`); a plain str is escaped.
    """
    request = context.get("request")
    # a hook's SafeString (render_to_string) stays HTML; a plain str it returns is escaped
    html = format_html_join("", "{}", ((fn(request, page),) for fn in hooks.get_hooks("ortaq_poster_panels")))
    return format_html('<section id="feedback" class="poster-panels">{}</section>', html)


@register.simple_tag
def evidence_kind(key: str) -> str:
    """The label of an evidence kind in the reader's language (blocks store the key, e.g. "photo")."""
    from projects.models import Evidence

    try:
        return Evidence.Kind(key).label
    except ValueError:
        return key


@register.simple_tag
def picture_of(image, widths: str, sizes: str):
    """`{% picture_of page.poster_image "480,960,1600" "100vw" %}`: Wagtail's `{% picture %}` (AVIF, WebP, JPEG),
    without the invalid srcset Wagtail writes for a small image (width-960 and width-1600 of an 848-pixel poster are
    both 848 pixels wide: one candidate per width, never a repeated width)."""
    if image is None:
        return ""
    wanted = sorted({min(int(w), image.width) for w in widths.split(",")})
    formats = [("avif", "image/avif"), ("webp", "image/webp"), ("jpeg", "image/jpeg")]
    renditions = image.get_renditions(*[f"width-{w}|format-{fmt}" for fmt, _type in formats for w in wanted])

    def srcset(fmt: str) -> list:
        by_width = {}
        for w in wanted:
            rendition = renditions[f"width-{w}|format-{fmt}"]
            by_width.setdefault(rendition.width, rendition)
        return [by_width[width] for width in sorted(by_width)]

    def candidates(fmt: str):
        return ", ".join(f"{r.url} {r.width}w" for r in srcset(fmt))

    sources = format_html_join(
        "",
        '<source sizes="{}" srcset="{}" type="{}">',
        ((sizes, candidates(fmt), mime) for fmt, mime in formats[:2]),
    )
    fallback = srcset("jpeg")[0]
    return format_html(
        '<picture>{}<img alt="{}" height="{}" loading="lazy" sizes="{}" src="{}" srcset="{}" width="{}"></picture>',
        sources,
        getattr(image, "default_alt_text", image.title),
        fallback.height,
        sizes,
        fallback.url,
        candidates("jpeg"),
        fallback.width,
    )
