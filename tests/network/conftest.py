"""Event fixtures: an English events index under the demo home pages, and a maker of event pages."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale

from cms import demo as cms_demo
from network.models import EventIndexPage, EventPage
from tests import shared
from tests.conftest import ensure_wagtail_root

_slugs = itertools.count(1)


def _build_events_index() -> int:
    ensure_wagtail_root()  # an earlier transactional test flushed the tree the migrations made
    homes = cms_demo.seed()["homes"]
    index = homes["en"].add_child(
        instance=EventIndexPage(title="Network events", slug="events", locale=Locale.objects.get(language_code="en"))
    )
    return index.pk


_events_index_id = shared.part("_events_index_id", _build_events_index)


@pytest.fixture
def events_index(_events_index_id):
    """An English events index under the demo home pages (built once per module: tests.shared)."""
    return EventIndexPage.objects.get(pk=_events_index_id)


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
