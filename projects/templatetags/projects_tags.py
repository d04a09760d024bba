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
