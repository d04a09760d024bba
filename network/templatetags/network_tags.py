"""Template tags for network pages."""

from django import template
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def event_panels(context, page):
    """Panels other apps add to an event page (posters from `projects`, the live room from `forums`).

    `network` knows nothing of them: each function registered with the `ortaq_event_panels` Wagtail hook takes
    (request, event_page) and returns HTML (already escaped), or "" to add nothing.
    """
    request = context.get("request")
    return mark_safe("".join(str(fn(request, page)) for fn in hooks.get_hooks("ortaq_event_panels")))  # noqa: S308


@register.simple_tag(takes_context=True)
def event_report_panels(context, event_page):
    """What other apps add to an event's report (the forums app: the posters presented and their feedback).

    Functions registered with the `ortaq_event_report_panels` hook take (request, event_page) and return HTML.
    """
    request = context.get("request")
    hook_functions = hooks.get_hooks("ortaq_event_report_panels")
    return mark_safe("".join(str(fn(request, event_page)) for fn in hook_functions))  # noqa: S308
