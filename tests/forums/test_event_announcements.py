"""Announcements reach everyone at the event (issue 13 item 8): every page of the event shows the latest one (live
with JavaScript), registered members find it in their notifications, and the room's "nobody has visited" clears."""

import pathlib

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from forums import services
from network.models import Notification, Registration
from projects import services as project_services
from projects.models import PosterPresentation
from tests.network.conftest import _events_index_id, events_index, make_event  # noqa: F401 (fixtures)


@pytest.fixture
def event(make_event, facilitator):  # noqa: F811
    return make_event(organisers=[facilitator], slug="teachers-day-posters")


@pytest.fixture
def project(event, teacher, group):
    """teacher's project, its poster accepted at board 7 of the event."""
    project_services.ensure_site_structure()
    project = project_services.create_project(
        user=teacher, title="A laboratory in a box", subject="science", language="en", group=group, concern="No lab."
    )
    PosterPresentation.objects.create(
        event=event, project=project, presenter=teacher, status=PosterPresentation.Status.ACCEPTED, board_number=7
    )
    return project


def test_every_registered_member_finds_the_announcement_in_their_notifications(
    event, facilitator, teacher, teacher2, outsider
):
    teacher2.preferred_language = "ru"
    teacher2.save(update_fields=["preferred_language"])
    Registration.objects.create(event=event, user=teacher)
    Registration.objects.create(event=event, user=teacher2, status=Registration.Status.WAITLISTED)
    Registration.objects.create(event=event, user=outsider, status=Registration.Status.CANCELLED)
    services.announce(event=event, author=facilitator, text="Coffee in the hall, posters at 11:00")
    received = Notification.objects.filter(kind="forum.announcement")
    assert sorted(n.recipient_id for n in received) == sorted([teacher.pk, teacher2.pk])
    note = received.get(recipient=teacher2)
    assert "Coffee in the hall, posters at 11:00" in note.text and "Объявление" in note.text  # her language
    with translation.override("kk"):
        assert "хабарландыру" in note.display_text  # and in whatever language it is read in
    assert note.url.endswith(reverse("forums:event_room", args=[event.slug]).split("/", 2)[2])


def test_the_poster_page_gallery_and_feedback_form_show_the_latest_announcement(
    client, event, project, facilitator, teacher2
):
    services.announce(event=event, author=facilitator, text="Lunch is at 13:00")
    services.announce(event=event, author=facilitator, text="Board 7 has moved to the library")
    poster = reverse("projects:event_poster", args=[event.slug, 7])
    gallery = reverse("projects:event_posters", args=[event.slug])
    form = reverse("forums:feedback", args=[project.pk])
    for url in (poster, gallery, form):
        html = client.get(url).content.decode()  # anonymous visitors too, without JavaScript
        assert "Board 7 has moved to the library" in html, url
        assert "Lunch is at 13:00" not in html, url
    client.force_login(teacher2)  # a member's page also subscribes to the room's stream for the next one
    html = client.get(poster).content.decode()
    assert f'data-ws="/ws/events/{event.slug}/' in html and "live-banner.js" in html


def test_a_page_of_the_event_shows_no_banner_before_any_announcement(client, event, project):
    html = client.get(reverse("projects:event_poster", args=[event.slug, 7])).content.decode()
    assert 'id="event-banner"' not in html


def test_the_stylesheet_lets_the_hidden_attribute_win(client):
    # "Nobody has visited yet" has a class that sets display; the hidden attribute must still hide it.
    css = pathlib.Path(settings.BASE_DIR, "static/css/ortaq.css").read_text()
    assert "[hidden]{display:none!important}" in css.replace(" ", "")


def test_an_announcement_to_a_hall_of_150_costs_the_queries_of_one_to_3(
    event, facilitator, django_assert_max_num_queries
):
    """The organiser's announcement reaches 150 registered members in one INSERT per language, not one per member
    (issue 19 item 6: the event day's announce step)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    def register(count):
        for n in range(count):
            Registration.objects.create(event=event, user=UserFactory(preferred_language=("kk", "ru", "en")[n % 3]))

    register(3)
    with CaptureQueriesContext(connection) as few:
        services.announce(event=event, author=facilitator, text="Boards 1-10: start")
    register(147)
    with django_assert_max_num_queries(len(few) + 2):  # SQLite splits a bulk INSERT at 999 parameters (~120 rows)
        services.announce(event=event, author=facilitator, text="Boards 11-20: start")
    assert Notification.objects.filter(kind="forum.announcement", text__contains="Boards 11-20").count() == 150
