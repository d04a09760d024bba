"""Signals the apps send so that a higher layer learns of a change without being imported (issue 12: network <-
projects <- forums <- cms, one way). Receivers connect in their AppConfig.ready()."""

from django.dispatch import Signal

# What a public page shows has changed outside Wagtail's publishing (e.g. an event's poster gallery): cms forgets
# its cached anonymous copies (cms/apps.py). Send it after commit.
public_pages_changed = Signal()
