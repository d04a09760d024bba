"""Language follows the reader (issue 14, item 6): notifications, e-mails, the switcher, signing in, `lang`."""

import pytest
from django.core import mail
from django.utils import translation

from forums import services as forum_services
from network import services
from network.models import Notification
from tests.factories import PASSWORD, UserFactory
from tests.forums.factories import BoardFactory


@pytest.fixture
def russian_reader(db):
    return UserFactory(display_name="Ольга", email="olga@example.org", preferred_language="ru")


def test_a_notification_reads_in_the_language_of_the_screen_not_the_one_it_was_written_in(client, russian_reader):
    board = BoardFactory(slug="lamps", title="Шамдар")
    writer = UserFactory(display_name="Әйгерім")
    thread = forum_services.create_thread(board=board, author=russian_reader, title="Шам", body="Сұрақ")
    forum_services.create_post(thread=thread, author=writer, body="Жауап")
    notification = Notification.objects.get(recipient=russian_reader, kind="forum.reply")
    assert notification.message and "ответил" in notification.text  # e-mails: the recipient's own language
    client.force_login(russian_reader)
    kk = client.get("/kk/notifications/").content.decode()
    assert "Әйгерім «Шам» тақырыбында жауап жазды" in kk and "ответил" not in kk
    assert "ответил(а) в теме «Шам»" in client.get("/ru/notifications/").content.decode()


def test_allauth_emails_go_out_in_the_recipients_language(client, russian_reader):
    client.post("/accounts/password/reset/?lang=kk", {"email": "olga@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "парол" in (message.subject + message.body).lower()
    assert "Құпиясөз" not in message.subject


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_the_switcher_changes_the_language_of_account_pages(client, db, path):
    html = client.get(path + "?lang=kk").content.decode()
    assert f'href="{path}?lang=ru"' in html
    assert '<html lang="ru"' in client.get(path + "?lang=ru").content.decode()


def test_sign_in_reached_from_a_russian_page_speaks_russian_then_the_members_language(client, db):
    UserFactory(email="aigerim@example.org", preferred_language="kk")
    page = client.get("/accounts/login/?next=/ru/forums/")
    assert '<html lang="ru"' in page.content.decode()
    response = client.post("/accounts/login/?next=/ru/forums/", {"login": "aigerim@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/kk/forums/"
    assert response.cookies["ortaq_language"].value == "kk"


def test_notify_with_a_message_key_keeps_parameters_and_renders_per_language(russian_reader):
    notification = services.notify(
        recipient=russian_reader,
        kind="event.certificate",
        message="Your certificate for %(event)s is ready.",
        params={"event": "Шелек"},
    )
    with translation.override("kk"):
        kk = notification.display_text
    with translation.override("ru"):
        ru = notification.display_text
    assert "Шелек" in kk and "Шелек" in ru and kk != ru
    assert notification.text == ru  # stored in the recipient's language for e-mails
