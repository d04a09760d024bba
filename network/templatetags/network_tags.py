"""Template tags for network pages."""

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from wagtail import hooks

from network import localdates, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def event_panels(context, page):
    """Panels other apps add to an event page (posters from `projects`, the live room from `forums`).

    `network` knows nothing of them: each function registered with the `ortaq_event_panels` Wagtail hook takes
    (request, event_page) and returns HTML as a SafeString (`render_to_string`, `format_html`; a plain str is
    escaped), or "" to add nothing.
    """
    request = context.get("request")
    # format_html_join keeps rendered templates (SafeString) as they are and escapes a plain str a hook returns
    return format_html_join("", "{}", ((fn(request, page),) for fn in hooks.get_hooks("ortaq_event_panels")))


@register.simple_tag(takes_context=True)
def event_banners(context, event_page):
    """What other apps show at the top of every page of an event (the forums app: its latest announcement, live).

    Functions registered with the `ortaq_event_banners` hook take (request, event_page) and return HTML, or "".
    """
    request = context.get("request")
    return format_html_join("", "{}", ((fn(request, event_page),) for fn in hooks.get_hooks("ortaq_event_banners")))


@register.simple_tag(takes_context=True)
def event_report_panels(context, event_page):
    """What other apps add to an event's report (the forums app: the posters presented and their feedback).

    Functions registered with the `ortaq_event_report_panels` hook take (request, event_page) and return HTML.
    """
    request = context.get("request")
    hook_functions = hooks.get_hooks("ortaq_event_report_panels")
    return format_html_join("", "{}", ((fn(request, event_page),) for fn in hook_functions))


@register.filter
def zone_label(when, zone: str) -> str:
    """`{{ event.local_start|zone_label:event.time_zone }}` -> "Алматы уақыты (UTC+5)" (network.localdates)."""
    return localdates.zone_label(zone, when) if when else ""


@register.filter
def hours(value) -> str:
    """CPD hours as the reader writes numbers: "6", "6,5" (kk, ru), "6.5" (en)."""
    return localdates.local_number(value) if value is not None else ""


@register.filter
def public_school(member) -> str:
    """`{{ post.author|public_school }}`: her school as others read it (network.selectors.public_school_label)."""
    return selectors.public_school_label(member)


@register.simple_tag
def lang_attr(language: str):
    """` lang="ru"` on user content written in another language than the page's (network.languages); else ""."""
    active = (get_language() or settings.LANGUAGE_CODE)[:2]
    if language and language[:2] != active:
        return format_html(' lang="{}"', language[:8])
    return ""
