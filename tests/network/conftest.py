"""Event fixtures: an English events index under the demo home pages, and a maker of event pages."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page

from cms import demo as cms_demo
from network.models import EventIndexPage, EventPage

_slugs = itertools.count(1)


@pytest.fixture
def events_index(db):
    if Page.get_first_root_node() is None:  # an earlier transactional test flushed the tree the migrations made
        Locale.objects.get_or_create(language_code="kk")
        Page.add_root(instance=Page(title="Root", slug="root"))
    homes = cms_demo.seed()["homes"]
    return homes["en"].add_child(
        instance=EventIndexPage(title="Network events", slug="events", locale=Locale.objects.get(language_code="en"))
    )


@pytest.fixture
def make_event(events_index):
    def make(*, organisers=(), **fields) -> EventPage:
        start = fields.pop("start", timezone.now() + timedelta(days=7))
        values = {
            "title": "Poster session in Shelek",
            "slug": f"poster-session-{next(_slugs)}",
            "start": start,
            "end": fields.pop("end", start + timedelta(hours=6)),
            "time_zone": "Asia/Almaty",
            "town": "Shelek",
            "cpd_hours": 6,
            **fields,
        }
        event = events_index.add_child(instance=EventPage(locale=events_index.locale, **values))
        if organisers:
            event.organisers.set(organisers)
            event.save_revision().publish()
        return EventPage.objects.get(pk=event.pk)

    return make
