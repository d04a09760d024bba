"""A network event day for 150 members, end to end, on the embedded default (SQLite) and on PostgreSQL + Redis.

Sign-ins from one venue address (production limits), registrations with a waitlist, check-ins, 30 posters accepted
and boarded, a burst of 150 feedback posts at once, announcements, certificates: 0 errors and every count right.
Run on PostgreSQL + Redis with DATABASE_URL and REDIS_URL set (README "Tests").
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.settings.base import ACCOUNT_RATE_LIMITS as PRODUCTION_LIMITS
from forums import services as forum_services
from forums.models import Feedback, RoomEvent
from network.events import services as event_services
from network.models import Certificate, EventPage, Registration
from projects import services as project_services
from projects.models import PosterPresentation
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS, CAPACITY, POSTERS = 150, 140, 30


IN_FLIGHT = 40  # requests a server handles at once (its thread pool / connection pool), as under `make serve`


def _at_once(calls: list) -> list:
    """Fire every callable together, IN_FLIGHT at a time (one database connection each: PostgreSQL's
    max_connections is shared with other users of the machine); their results in order."""
    start = threading.Event()

    def run(call):
        start.wait()
        try:
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
        futures = [pool.submit(run, call) for call in calls]
        start.set()
        return [future.result(timeout=300) for future in futures]


def test_the_event_day_for_150_members(settings, make_event, facilitator, group):
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_LIMITS
    cache.clear()
    members = UserFactory.create_batch(MEMBERS)
    for member in members:
        MembershipFactory(group=group, user=member)
    event = make_event(organisers=[facilitator], capacity=CAPACITY, start=timezone.now() + timedelta(hours=1))

    # The door: every member signs in through the venue's one address.
    clients = []
    for member in members:
        client = Client(REMOTE_ADDR="10.0.0.1", raise_request_exception=False)
        client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
        clients.append(client)
    assert sum("_auth_user_id" in client.session for client in clients) == MEMBERS

    # Registrations: the first CAPACITY get a place, the rest wait in registration order.
    for member in members:
        event_services.register(event=event, user=member)
    statuses = list(Registration.objects.filter(event=event).order_by("created_at").values_list("status", flat=True))
    assert statuses.count(Registration.Status.CONFIRMED) == CAPACITY
    assert statuses.count(Registration.Status.WAITLISTED) == MEMBERS - CAPACITY

    # Check-in at the door with the code on the screen.
    confirmed = members[:CAPACITY]
    for member in confirmed:
        event_services.check_in(event=event, user=member, code=event.checkin_code)
    assert Registration.objects.filter(event=event).exclude(checked_in_at=None).count() == CAPACITY

    # 30 posters accepted and put on boards 1-30.
    project_services.ensure_site_structure()
    posters = []
    for board, presenter in enumerate(confirmed[:POSTERS], start=1):
        project = project_services.create_project(
            user=presenter, title=f"Poster {board}", subject="science", language="kk", group=group, concern="Why?"
        )
        PosterPresentation.objects.create(
            event=event,
            project=project,
            presenter=presenter,
            status=PosterPresentation.Status.ACCEPTED,
            board_number=board,
        )
        posters.append(project)

    # The gallery walk: every member posts feedback at the same moment (on a poster not their own).
    def post_feedback(index):
        poster = posters[(index + 1) % POSTERS]
        url = reverse("forums:feedback", args=[poster.pk])
        return clients[index].post(url, {"works_well": f"Idea {index}"}).status_code

    statuses = _at_once([lambda i=i: post_feedback(i) for i in range(MEMBERS)])
    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) == {302}
    assert Feedback.objects.filter(page__in=posters).count() == MEMBERS

    # Announcements from the organiser reach the live room.
    for text in ("Boards 1-10: start", "Boards 11-20: start", "Boards 21-30: start"):
        forum_services.announce(event=event, author=facilitator, text=text)
    assert RoomEvent.objects.filter(kind="announcement").count() == 3

    # Certificates, once the event is over: participation for everyone checked in, presentation for the 30 on boards.
    with pytest.raises(ValidationError):
        event_services.issue_certificates(event=event, by=facilitator)  # still running
    EventPage.objects.filter(pk=event.pk).update(end=timezone.now() - timedelta(minutes=1))
    event.refresh_from_db()
    event_services.issue_certificates(event=event, by=facilitator)
    participation = Certificate.objects.filter(event=event, kind=Certificate.Kind.PARTICIPATION)
    assert participation.count() == CAPACITY
    assert set(participation.values_list("holder_id", flat=True)) == {m.pk for m in confirmed}
    presentation = Certificate.objects.filter(event=event, kind=Certificate.Kind.PRESENTATION)
    assert set(presentation.values_list("holder_id", flat=True)) == {m.pk for m in confirmed[:POSTERS]}
