"""Network events' services: registration with a waitlist, cancellations that promote exactly once."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection

from network.events import services as event_services
from network.models import Notification, Registration
from tests.factories import UserFactory

UTC = dt.UTC


@pytest.mark.django_db
def test_waitlisted_teacher_is_promoted_and_emailed_when_a_place_frees_up(
    client, make_event, teacher, teacher2, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/events/{event.slug}/register/", {"presentation": ""})
    client.force_login(teacher2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/{event.slug}/register/", {"presentation": ""}, follow=True)
    assert "you are on the waitlist" in response.content.decode()
    assert Registration.objects.get(user=teacher2).status == Registration.Status.WAITLISTED
    mail.outbox.clear()

    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/events/{event.slug}/cancel/", {"confirm": "1"})
    assert Registration.objects.get(user=teacher).status == Registration.Status.CANCELLED
    assert Registration.objects.get(user=teacher2).status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[teacher2.email]]
    assert Notification.objects.filter(recipient=teacher2, kind="event.promoted").exists()
    client.force_login(teacher2)
    assert "You are registered." in client.get(event.url).content.decode()


@pytest.mark.django_db
def test_two_cancellations_promote_exactly_as_many_as_places_freed(make_event, teacher, teacher2, outsider):
    event = make_event(capacity=1)
    third = UserFactory()
    for user in (teacher, teacher2, outsider, third):
        event_services.register(event=event, user=user)
    event_services.cancel_registration(event=event, user=teacher)
    event_services.cancel_registration(event=event, user=outsider)  # a waitlisted one: frees no seat
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses[teacher2.pk] == Registration.Status.CONFIRMED
    assert statuses[third.pk] == Registration.Status.WAITLISTED
    assert Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_cancellations_fill_each_freed_place_exactly_once(require_postgres, make_event):
    event = make_event(capacity=2)
    users = UserFactory.create_batch(5)
    for user in users:
        event_services.register(event=event, user=user)
    barrier = threading.Barrier(2)

    def cancel(user):
        try:
            barrier.wait(timeout=10)
            event_services.cancel_registration(event=event, user=user)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(user,)) for user in users[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    assert sorted(confirmed.values_list("user_id", flat=True)) == [users[2].pk, users[3].pk]
    assert Registration.objects.get(user=users[4]).status == Registration.Status.WAITLISTED
