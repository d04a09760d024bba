"""A member's privacy choices hold on every page that names her: the school she hid, a username nobody reads."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from forums import services as forum_services
from network import selectors
from network.events import services as event_services
from network.models import Registration, User
from tests.factories import UserFactory
from tests.forums.factories import BoardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hiding_teacher(group):
    user = UserFactory(display_name="Aigerim Bekova", school__name="Secret Village School", hide_school=True)
    user.school.region.name = "Mangystau region"
    user.school.region.save()
    return user


def test_the_school_label_is_the_name_or_only_the_region():
    shown = UserFactory(school__name="Open School")
    hidden = UserFactory(school__name="Secret Village School", school__region__name="Abai region", hide_school=True)
    with translation.override("en"):
        assert selectors.public_school_label(shown) == "Open School"
        assert selectors.public_school_label(hidden) == "a rural school in Abai region"
        assert selectors.public_school_label(UserFactory(school=None)) == ""


def test_forum_posts_show_a_hidden_school_only_by_region(client, hiding_teacher):
    board = BoardFactory(slug="multigrade", title="Multigrade classes")
    thread = forum_services.create_thread(board=board, author=hiding_teacher, title="Jars and seeds", body="How?")
    with translation.override("en"):
        url = thread.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Aigerim Bekova" in html
    assert "Secret Village School" not in html and "a rural school in Mangystau region" in html


def test_the_public_certificate_shows_a_hidden_school_only_by_region(make_event, facilitator, hiding_teacher):
    event = make_event(organisers=[facilitator], start=timezone.now() - timedelta(days=2))  # certificates: once ended
    Registration.objects.create(event=event, user=hiding_teacher, attendance="in_person")
    certificate, *_ = event_services.issue_certificates(event=event, by=facilitator)
    html = Client().get(f"/certificates/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Aigerim Bekova" in html
    assert "Secret Village School" not in html and "a rural school in Mangystau region" in html


def test_the_organisers_export_names_only_schools_that_were_not_hidden(client, make_event, facilitator, teacher):
    hiding = UserFactory(display_name="Dana", school__name="Secret Village School", hide_school=True)
    event = make_event(organisers=[facilitator])
    for member in (teacher, hiding):
        event_services.register(event=event, user=member, presentation="")
    client.force_login(facilitator)
    body = client.get(f"/en/events/{event.slug}/registrations.csv").content.decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(body))}
    assert rows[teacher.display_name][2] == teacher.school.name
    assert rows["Dana"][2].startswith("a rural school in") and "Secret Village School" not in body


def test_a_member_hides_her_school_on_her_profile(client, teacher):
    client.force_login(teacher)
    form = {"display_name": teacher.display_name, "school": teacher.school_id, "preferred_language": "en"}
    client.post(reverse("network:profile"), {**form, "hide_school": "on"})
    teacher.refresh_from_db()
    assert teacher.hide_school
    assert 'id="id_hide_school" checked' in client.get(reverse("network:profile")).content.decode()
    client.post(reverse("network:profile"), form)
    teacher.refresh_from_db()
    assert not teacher.hide_school


def test_a_new_members_username_says_nothing_of_her_e_mail(client):
    from tests.network.test_accounts import signup_data

    school = UserFactory().school
    response = client.post(
        "/accounts/signup/", signup_data(email="outsider.person@example.org", region=school.region, school=school.pk)
    )
    assert response.status_code == 302
    user = User.objects.get(email="outsider.person@example.org")
    assert "outsider" not in user.username and user.username.startswith("m-")


def test_usernames_made_from_e_mails_are_re_keyed():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("network.migrations.0007_member_hides_school_opaque_username")
    old = UserFactory(email="Outsider.Person@example.org", username="outsider.person")
    clash = UserFactory(email="teacher@example.org", username="teacher2")
    chosen = UserFactory(email="admin@example.org", username="m-1a2b3c4d5e")
    migration.rekey_usernames(apps, None)
    for member in (old, clash, chosen):
        member.refresh_from_db()
    assert old.username.startswith("m-") and clash.username.startswith("m-")
    assert chosen.username == "m-1a2b3c4d5e"


def test_signing_in_greets_her_by_name_not_username(client, teacher):
    from tests.factories import PASSWORD

    client.post("/accounts/login/", {"login": teacher.email, "password": PASSWORD})
    html = client.get("/en/forums/").content.decode()  # the first page after signing in shows the greeting
    greeting = html.split('<ul class="messages">')[1].split("</ul>")[0]  # in her language: "… ретінде кірдіңіз."
    assert "Aigerim Bekova" in greeting and teacher.username not in html
