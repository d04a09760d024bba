"""Issue 16's small findings: each reproduced as a user (or an operator) would notice it, then fixed."""

import pytest
from asgiref.testing import ApplicationCommunicator


async def _asgi_get(application, path: str) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(timeout=30)
    await communicator.wait(timeout=30)
    return start["status"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/static/../db.sqlite3", "/static/../../etc/passwd", "/static/%2e%2e/manage.py"])
async def test_make_run_answers_404_not_500_to_a_path_out_of_the_static_folders(settings, path):
    from network.management.commands.runserver import Command

    settings.DEBUG = True
    application = Command().get_application({"use_static_handler": True})
    assert await _asgi_get(application, path) == 404


def test_no_avatar_lookups_at_a_third_party(settings):
    """Wagtail's admin would send each member's e-mail hash to Gravatar."""
    from wagtail.users.utils import get_gravatar_url

    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert get_gravatar_url("teacher@example.org") is None


@pytest.mark.django_db
def test_account_e_mail_subjects_carry_no_host(client, mailoutbox):
    from tests.factories import UserFactory

    user = UserFactory(email="forgetful@example.org")
    client.post("/accounts/password/reset/", {"email": user.email})
    assert mailoutbox, "no reset e-mail"
    subject = mailoutbox[0].subject
    assert "testserver" not in subject and "[" not in subject


def test_the_language_and_low_data_cookies_are_samesite_and_secure_as_the_others(client, db, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/ru/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["samesite"] == "Lax"
    response = client.post("/kk/low-data/", {"mode": "on", "next": "/kk/"})
    low = [morsel for morsel in response.cookies.values() if morsel.value == "1"]
    assert low and low[0]["secure"] and low[0]["samesite"] == "Lax"
