"""Sign-up, sign-in, sign-out and password reset through allauth's real views."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from network.models import School, User
from tests.factories import PASSWORD, RegionFactory, SchoolFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def client(client):
    """A reader who chose English (account pages are unprefixed and follow the language cookie)."""
    client.cookies["ortaq_language"] = "en"
    return client


@pytest.mark.django_db
def test_account_pages_speak_kazakh_by_default(client):
    client.cookies.pop("ortaq_language")
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="kk">' in html and "Құпиясөз" in html


def signup_data(**overrides):
    region = overrides.pop("region")
    data = {
        "display_name": "Aigerim Bekova",
        "email": "aigerim@example.org",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
        "region": region.pk,
        "school": "",
        "proposed_school": "",
        "preferred_language": "kk",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_teacher_signs_up_logs_out_and_logs_in_again(client):
    school = SchoolFactory(name="Karaul Secondary School")
    response = client.post("/accounts/signup/", signup_data(region=school.region, school=school.pk), follow=True)
    assert response.status_code == 200
    user = User.objects.get(email="aigerim@example.org")
    assert (user.display_name, user.school, user.preferred_language) == ("Aigerim Bekova", school, "kk")
    assert b"Aigerim Bekova" in client.get("/en/search/").content

    client.post("/accounts/logout/")
    assert b"Aigerim Bekova" not in client.get("/en/search/").content

    client.post("/accounts/login/", {"login": "aigerim@example.org", "password": "a-long-Passphrase-42"})
    assert b"Aigerim Bekova" in client.get("/en/search/").content


@pytest.mark.django_db
def test_a_new_school_proposed_at_signup_waits_for_confirmation(client):
    region = RegionFactory()
    client.post("/accounts/signup/", signup_data(region=region, proposed_school="Taushyk Basic School"))
    school = School.objects.get(name="Taushyk Basic School")
    assert not school.is_confirmed
    assert User.objects.get(email="aigerim@example.org").school == school


@pytest.mark.django_db
def test_rejected_signup_keeps_what_was_typed_and_says_why(client):
    region = RegionFactory()
    response = client.post("/accounts/signup/", signup_data(region=region))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose your school from the list or type its name here." in html
    assert 'value="Aigerim Bekova"' in html and 'value="aigerim@example.org"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="aigerim@example.org").exists()


@pytest.mark.django_db
def test_wrong_password_shows_an_error(client):
    UserFactory(email="teacher@example.org")
    response = client.post("/accounts/login/", {"login": "teacher@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="teacher@example.org")
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": "teacher@example.org", "password": "wrong"})
    # Even the right password is refused while the limit lasts.
    response = client.post("/accounts/login/", {"login": "teacher@example.org", "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    UserFactory(email="teacher@example.org")
    client.post("/accounts/password/reset/", {"email": "teacher@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": "new-Passphrase-77", "password2": "new-Passphrase-77"})
    client.post("/accounts/login/", {"login": "teacher@example.org", "password": "new-Passphrase-77"})
    assert client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_sends_nothing_and_looks_the_same(client):
    UserFactory(email="teacher@example.org")
    known = client.post("/accounts/password/reset/", {"email": "teacher@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody-here@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [["teacher@example.org"]]


@pytest.mark.django_db
def test_resets_to_one_address_are_limited(client):
    UserFactory(email="teacher@example.org")
    answers = [client.post("/accounts/password/reset/", {"email": "teacher@example.org"}).status_code for _ in range(5)]
    assert len(mail.outbox) == 3 and answers[-1] == 429
