"""Certificates follow what happened: presentation for the presenters of accepted posters on a board, participation
for whoever checked in, and only once the event has ended (issue 13 item 6)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from network.events import documents as event_documents
from network.events import services as event_services
from network.models import Certificate, Registration
from projects import services as project_services
from projects.models import PosterPresentation

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:
    return sorted(Certificate.objects.filter(holder=user).values_list("kind", flat=True))


@pytest.fixture
def ended_event(make_event, facilitator):
    return make_event(start=timezone.now() - dt.timedelta(days=1), organisers=[facilitator])


def _poster(event, lead, *, board=1, status=PosterPresentation.Status.ACCEPTED):
    project_services.ensure_site_structure()
    project = project_services.create_project(user=lead, title=f"Poster of {lead}", subject="science", language="en")
    return PosterPresentation.objects.create(
        event=event, project=project, presenter=lead, status=status, board_number=board
    )


def test_a_teacher_on_a_board_gets_presentation_without_writing_what_she_presents(
    ended_event, facilitator, teacher, teacher2
):
    Registration.objects.create(event=ended_event, user=teacher, presentation="", attendance="in_person")
    Registration.objects.create(event=ended_event, user=teacher2, presentation="Reading corners", attendance="online")
    _poster(ended_event, teacher, board=1)
    event_services.issue_certificates(event=ended_event, by=facilitator)
    assert _kinds(teacher) == ["participation", "presentation"]
    assert _kinds(teacher2) == ["participation"]  # wrote a presentation, brought no accepted poster


def test_a_declined_poster_gives_no_presentation_certificate(ended_event, facilitator, teacher):
    Registration.objects.create(event=ended_event, user=teacher, attendance="in_person")
    _poster(ended_event, teacher, board=None, status=PosterPresentation.Status.DECLINED)
    event_services.issue_certificates(event=ended_event, by=facilitator)
    assert _kinds(teacher) == ["participation"]


def test_certificates_are_refused_before_the_event_ends(client, make_event, facilitator, teacher):
    running = make_event(start=timezone.now() - dt.timedelta(hours=1), organisers=[facilitator])
    Registration.objects.create(event=running, user=teacher, attendance="in_person")
    client.force_login(facilitator)
    page = client.get(f"/en/events/{running.slug}/registrations/").content.decode()
    assert "Issue certificates" not in page and "once the event has ended" in page
    response = client.post(f"/en/events/{running.slug}/certificates/", follow=True)
    assert "once the event has ended" in response.content.decode()
    assert not Certificate.objects.exists()
    with translation.override("kk"), pytest.raises(ValidationError, match="іс-шара аяқталғаннан кейін"):
        event_services.issue_certificates(event=running, by=facilitator)


def test_the_certificate_sentence_is_one_string_with_the_verb_after_the_name_in_kazakh(ended_event, teacher):
    certificate = Certificate(event=ended_event, holder=teacher, kind=Certificate.Kind.PRESENTATION, hours=6)
    with translation.override("kk"):
        sentence = event_documents.certificate_sentence(certificate, event_title="Ауыл мектебі")
    assert sentence == "«Ауыл мектебі» желілік іс-шарасында баяндама жасады"
    certificate.kind = Certificate.Kind.PARTICIPATION
    with translation.override("ru"):
        sentence = event_documents.certificate_sentence(certificate, event_title="Сельская школа")
    assert sentence == "принял(а) участие в сетевом мероприятии «Сельская школа»"


def test_issuing_for_a_hall_of_150_costs_the_queries_of_3_and_a_second_press_issues_nothing(
    ended_event, facilitator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from network.models import Notification
    from tests.factories import UserFactory

    def attend(count):
        for user in UserFactory.create_batch(count):
            Registration.objects.create(event=ended_event, user=user, attendance="in_person")

    attend(3)
    with CaptureQueriesContext(connection) as few:
        assert len(event_services.issue_certificates(event=ended_event, by=facilitator)) == 3
    attend(147)
    with django_assert_max_num_queries(len(few) + 2):  # SQLite splits a bulk INSERT at 999 parameters (~120 rows)
        assert len(event_services.issue_certificates(event=ended_event, by=facilitator)) == 147
    assert event_services.issue_certificates(event=ended_event, by=facilitator) == []
    assert Certificate.objects.filter(event=ended_event).count() == 150
    assert Notification.objects.filter(kind="event.certificate").count() == 150
