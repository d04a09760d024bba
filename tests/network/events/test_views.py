"""Network event pages and views: times in the event's zone, the index, check-in, registrations, certificates."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from network.events import services as event_services
from network.models import Certificate, EventReportPage, Registration
from tests.factories import FacilitatorFactory
from tests.network.events.test_certificates import _poster

UTC = dt.UTC


@pytest.mark.django_db
def test_times_show_in_each_events_own_zone_with_its_name(client, make_event):
    # Before March 2024 Almaty was UTC+6 and Aqtau UTC+5: the same instant reads differently.
    start = dt.datetime(2023, 10, 5, 4, 0, tzinfo=UTC)
    almaty = make_event(title="Almaty session", start=start, time_zone="Asia/Almaty")
    aqtau = make_event(title="Aqtau session", start=start, time_zone="Asia/Aqtau")
    almaty_html = client.get(almaty.url).content.decode()
    aqtau_html = client.get(aqtau.url).content.decode()
    assert "5 October 2023, 10:00" in almaty_html and "Almaty time (UTC+6)" in almaty_html
    assert "5 October 2023, 09:00" in aqtau_html and "Aqtau time (UTC+5)" in aqtau_html


@pytest.mark.django_db
def test_index_lists_upcoming_and_past_events_and_filters_by_region(client, make_event, events_index):
    from tests.factories import RegionFactory

    mangystau = RegionFactory(slug="mangystau", name="Mangystau oblast")
    make_event(title="Spring meeting in Beineu", region=mangystau)
    make_event(title="Autumn meeting in Shelek", start=timezone.now() - dt.timedelta(days=30))
    html = client.get(events_index.url).content.decode()
    upcoming, past = html.split("Past events")
    assert "Spring meeting in Beineu" in upcoming and "Autumn meeting in Shelek" in past
    filtered = client.get(events_index.url, {"region": "mangystau"}).content.decode()
    assert "Spring meeting in Beineu" in filtered and "Autumn meeting in Shelek" not in filtered


@pytest.mark.django_db
def test_registrations_csv_is_for_the_organiser_and_admins_only(client, make_event, facilitator, teacher, admin_user):
    event = make_event(organisers=[facilitator])
    event_services.register(event=event, user=teacher, presentation="Жаратылыстану зертханасыз")
    url = f"/en/events/{event.slug}/registrations.csv"
    other_facilitator = FacilitatorFactory()
    for user, status in [(teacher, 403), (other_facilitator, 403), (facilitator, 200), (admin_user, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    body = client.get(url).content.decode("utf-8-sig")
    assert "Aigerim Bekova" in body and "Жаратылыстану зертханасыз" in body


@pytest.mark.django_db
def test_organiser_marks_attendance_on_the_check_in_list(client, make_event, facilitator, teacher):
    event = make_event(organisers=[facilitator])
    registration = event_services.register(event=event, user=teacher)
    client.force_login(facilitator)
    page = client.get(f"/en/events/{event.slug}/registrations/").content.decode()
    assert "Aigerim Bekova" in page and event.checkin_code in page
    client.post(f"/en/events/{event.slug}/registrations/", {"registration": registration.pk, "attendance": "online"})
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.ONLINE


@pytest.mark.django_db
def test_registered_teacher_checks_in_with_the_code_shown_at_the_venue(client, make_event, teacher):
    event = make_event(start=timezone.now() - dt.timedelta(minutes=30), capacity=5)
    Registration.objects.create(event=event, user=teacher)
    client.force_login(teacher)
    wrong = client.post(f"/en/events/{event.slug}/check-in/", {"code": "WRONG9", "attendance": "in_person"})
    assert wrong.status_code == 400
    html = wrong.content.decode()
    assert "This is not the code shown at the event" in html and 'value="WRONG9"' in html
    assert Registration.objects.get(user=teacher).attendance == ""
    right = client.post(
        f"/en/events/{event.slug}/check-in/", {"code": event.checkin_code.lower(), "attendance": "online"}, follow=True
    )
    assert "You are checked in" in right.content.decode()
    assert Registration.objects.get(user=teacher).attendance == Registration.Attendance.ONLINE


@pytest.mark.django_db
def test_rejected_registration_keeps_what_the_teacher_typed(client, make_event, teacher):
    event = make_event(registration_closes=timezone.now() - dt.timedelta(hours=1))
    client.force_login(teacher)
    response = client.post(
        f"/en/events/{event.slug}/register/", {"presentation": "Science without a laboratory: jars and seeds"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Registration for this event is closed." in html
    assert "Science without a laboratory: jars and seeds</textarea>" in html
    assert not Registration.objects.exists()


@pytest.fixture
def attended_event(make_event, facilitator, teacher, teacher2):
    event = make_event(start=timezone.now() - dt.timedelta(days=2), organisers=[facilitator], cpd_hours=6)
    Registration.objects.create(event=event, user=teacher, presentation="Reading corners", attendance="in_person")
    Registration.objects.create(event=event, user=teacher2, attendance="")
    return event


@pytest.mark.django_db
def test_organiser_issues_certificates_to_attendees_who_see_them(
    client, attended_event, facilitator, teacher, teacher2
):
    _poster(attended_event, teacher, board=1)  # presented on board 1 (tests/network/events/test_certificates.py)
    client.force_login(facilitator)
    client.post(f"/en/events/{attended_event.slug}/certificates/")
    client.post(f"/en/events/{attended_event.slug}/certificates/")  # again: nothing doubles
    kinds = sorted(Certificate.objects.filter(holder=teacher).values_list("kind", flat=True))
    assert kinds == ["participation", "presentation"]
    assert not Certificate.objects.filter(holder=teacher2).exists()
    client.force_login(teacher)
    html = client.get("/en/certificates/").content.decode()
    assert (
        "Certificate of participation" in html
        and "Certificate of presentation" in html
        and "CPD hours: 6" in html
        and "6.0" not in html
    )


@pytest.mark.django_db
def test_teacher_cannot_issue_certificates(client, attended_event, teacher):
    client.force_login(teacher)
    assert client.post(f"/en/events/{attended_event.slug}/certificates/").status_code == 403
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_anyone_can_verify_a_certificate_and_sees_when_it_is_revoked(
    client, attended_event, facilitator, teacher, admin_user
):
    certificate, *_ = event_services.issue_certificates(event=attended_event, by=facilitator)
    url = f"/certificates/{certificate.code}/"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Aigerim Bekova" in html and attended_event.title in html and "This certificate is valid." in html
    client.force_login(teacher)
    assert client.post(f"{url}revoke/").status_code == 403
    client.force_login(admin_user)
    client.post(f"{url}revoke/")
    client.logout()
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "was revoked" in html and "This certificate is valid." not in html


@pytest.mark.django_db
def test_a_made_up_certificate_code_is_not_found(client, attended_event):
    # (Django's LocaleMiddleware first tries the language-prefixed path; that is not found either.)
    assert client.get("/certificates/not-a-real-code-1234567890/", follow=True).status_code == 404


@pytest.mark.django_db
def test_certificate_pdf_downloads_in_kazakh(client, attended_event, facilitator):
    certificate, *_ = event_services.issue_certificates(event=attended_event, by=facilitator)
    response = client.get(f"/certificates/{certificate.code}/pdf/", HTTP_ACCEPT_LANGUAGE="kk")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"DejaVuSans" in response.content  # the bundled Unicode font, so Kazakh letters render


@pytest.mark.django_db
def test_events_index_queries_do_not_grow_with_events(client, make_event, events_index, django_assert_max_num_queries):
    make_event()
    with CaptureQueriesContext(connection) as one:
        client.get(events_index.url)
    for _ in range(9):
        make_event()
    with django_assert_max_num_queries(len(one)):
        html = client.get(events_index.url).content.decode()
    assert len(re.findall(r'class="card event"', html)) == 10


@pytest.mark.django_db
def test_event_report_waits_for_moderation_before_the_public_sees_it(client, attended_event, admin_user):
    report = attended_event.add_child(instance=EventReportPage(title="What we learned", slug="report", live=False))
    revision = report.save_revision(user=admin_user)
    workflow = report.get_workflow()
    assert workflow is not None  # the same moderation workflow as every other page
    workflow.start(report, admin_user)
    assert client.get(f"{attended_event.url}report/").status_code == 404
    revision.publish()
    assert client.get(f"{attended_event.url}report/").status_code == 200


@pytest.mark.django_db
def test_admin_edits_event_and_report_pages_in_wagtail(client, attended_event, events_index, admin_user):
    report = attended_event.add_child(instance=EventReportPage(title="What we learned", slug="report"))
    client.force_login(admin_user)
    for url in [
        f"/admin/pages/{attended_event.pk}/edit/",
        f"/admin/pages/{report.pk}/edit/",
        f"/admin/pages/add/network/eventpage/{events_index.pk}/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_place_cannot_be_given_up_once_the_event_has_started(client, make_event, teacher):
    event = make_event(start=timezone.now() - dt.timedelta(minutes=10))
    Registration.objects.create(event=event, user=teacher)
    client.force_login(teacher)
    assert "Cancel my registration" not in client.get(event.url).content.decode()
    assert client.post(f"/en/events/{event.slug}/cancel/").status_code == 403
    assert Registration.objects.get(user=teacher).status == Registration.Status.CONFIRMED


@pytest.mark.django_db
def test_the_events_list_shows_an_event_in_progress_as_happening_now(client, make_event, events_index):
    now = timezone.now()
    make_event(title="Poster session under way", start=now - dt.timedelta(hours=1), end=now + dt.timedelta(hours=3))
    make_event(title="Seminar next week", start=now + dt.timedelta(days=7))
    html = client.get(events_index.url).content.decode()
    upcoming = html[html.index("Upcoming events") : html.index("Past events")]
    assert "Poster session under way" in upcoming and "Seminar next week" in upcoming
    assert upcoming.count("Happening now") == 1
    with translation.override("kk"):
        assert gettext("Happening now") != "Happening now"


@pytest.mark.django_db
def test_guessing_check_in_codes_is_stopped_after_ten_wrong_tries(client, make_event, teacher):
    event = make_event(start=timezone.now() - dt.timedelta(minutes=30))
    Registration.objects.create(event=event, user=teacher)
    client.force_login(teacher)
    url = f"/en/events/{event.slug}/check-in/"
    for attempt in range(10):
        html = client.post(url, {"code": f"WRONG{attempt}", "attendance": "in_person"}).content.decode()
        assert "This is not the code shown at the event" in html
    refused = client.post(url, {"code": event.checkin_code, "attendance": "in_person"})  # the right one, too late
    assert refused.status_code == 400 and "Too many wrong codes" in refused.content.decode()
    assert Registration.objects.get(user=teacher).checked_in_at is None
