"""The waitlist: places that free up (a cancellation, more capacity) go to the waitlist in registration order, with
the e-mail; cancelling asks first."""

import pytest
from django.core import mail

from network.events import services as event_services
from network.models import EventPage, Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def status(event, user) -> str:
    return Registration.objects.get(event=event, user=user).status


def test_raising_the_capacity_promotes_the_waitlist_in_order_with_the_email(
    make_event, facilitator, django_capture_on_commit_callbacks
):
    event = make_event(organisers=[facilitator], capacity=1)
    first, second, third = UserFactory.create_batch(3)
    for user in (first, second, third):
        event_services.register(event=event, user=user)
    mail.outbox.clear()
    page = EventPage.objects.get(pk=event.pk)
    page.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert (status(event, second), status(event, third)) == ("confirmed", "waitlisted")
    assert [message.to for message in mail.outbox] == [[second.email]]


def test_a_later_registrant_never_gets_a_place_ahead_of_the_waitlist(make_event, facilitator):
    event = make_event(organisers=[facilitator], capacity=1)
    first, waiting, late = UserFactory.create_batch(3)
    event_services.register(event=event, user=first)
    event_services.register(event=event, user=waiting)
    EventPage.objects.filter(pk=event.pk).update(capacity=2)  # a place freed up without anyone being promoted
    event = EventPage.objects.get(pk=event.pk)
    event_services.register(event=event, user=late)
    assert (status(event, waiting), status(event, late)) == ("confirmed", "waitlisted")


def test_cancelling_asks_for_confirmation_first(client, make_event, teacher):
    event = make_event(capacity=10)
    event_services.register(event=event, user=teacher)
    client.force_login(teacher)
    url = f"/en/events/{event.slug}/cancel/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()
    client.post(url, {})  # one tap on the event page only asks
    assert status(event, teacher) == "confirmed"
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert status(event, teacher) == "cancelled"
