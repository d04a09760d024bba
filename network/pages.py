"""What Wagtail pages share: their context comes from the `page_context` Wagtail hook.

A page model's `get_context` would otherwise import its app's selectors and forms, which import the models back
(a circle). Each app registers one hook function in its wagtail_hooks.py (network/events/views.py, projects/views.py);
it is called as `hook(page=…, request=…, context=…)` and returns what to add (an empty dict for other pages).
"""

from wagtail import hooks


def page_context(page, request, context: dict) -> dict:
    """`context` with what every `page_context` hook adds for `page`."""
    for hook in hooks.get_hooks("page_context"):
        context.update(hook(page=page, request=request, context=context))
    return context
