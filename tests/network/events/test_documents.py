"""Network events' documents: the calendar file in the confirmation e-mail, the event and upcoming feeds."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from network.events import services as event_services

UTC = dt.UTC


def _ics_events(data: bytes) -> list:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


@pytest.mark.django_db
def test_confirmation_email_carries_a_calendar_file_for_the_event(
    make_event, teacher, django_capture_on_commit_callbacks
):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    event = make_event(title="Reading in multigrade classes", time_zone="Asia/Aqtau", start=start)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event=event, user=teacher, presentation="Reading corners")
    (message,) = mail.outbox
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    (vevent,) = _ics_events(content.encode() if isinstance(content, str) else content)
    assert str(vevent["summary"]) == "Reading in multigrade classes"
    assert vevent.decoded("dtstart") == event.start
    assert vevent["dtstart"].params["TZID"] == "Asia/Aqtau"


@pytest.mark.django_db
def test_event_calendar_and_upcoming_feed_parse_and_list_the_events(client, make_event):
    upcoming = make_event(title="Winter meeting in Karaul")
    make_event(title="Last year's meeting", start=timezone.now() - dt.timedelta(days=300))
    response = client.get(f"/en/events/{upcoming.slug}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = _ics_events(response.content)
    assert str(vevent["summary"]) == "Winter meeting in Karaul" and upcoming.slug in str(vevent["url"])
    feed = _ics_events(client.get("/en/events/calendar.ics").content)
    assert [str(e["summary"]) for e in feed] == ["Winter meeting in Karaul"]
