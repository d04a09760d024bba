"""Language follows the reader (issue 14, item 6): notifications, e-mails, the switcher, signing in, `lang`."""

import pytest
from django.core import mail
from django.utils import translation

from forums import services as forum_services
from forums.models import Post
from network import services
from network.events import services as event_services
from network.models import Certificate, Notification, Registration
from tests.factories import PASSWORD, RegionFactory, UserFactory
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


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_the_switcher_changes_the_language_of_account_pages(client, db, path):
    html = client.get(path + "?lang=kk").content.decode()
    assert f'href="{path}?lang=ru"' in html
    assert '<html lang="ru"' in client.get(path + "?lang=ru").content.decode()


def test_sign_in_reached_from_a_russian_page_speaks_russian_then_the_members_language(client, db):
    UserFactory(email="aigerim@example.org", preferred_language="kk", language_chosen=True)
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


def test_sign_in_from_an_english_link_stays_english_for_a_member_who_never_chose_a_language(client, db):
    """An account an admin made carries the default kk, which she never chose: it must not turn the English page
    she was sent to into a Kazakh one. Choosing a language (sign-up, profile) is what makes it hers."""
    member = UserFactory(email="asel@example.org")
    assert member.preferred_language == "kk" and not member.language_chosen
    response = client.post("/accounts/login/?next=/en/forums/", {"login": "asel@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/forums/"
    assert '<html lang="en"' in client.get(response["Location"]).content.decode()
    client.post("/en/my/profile/", {"display_name": "Асель", "school": "", "preferred_language": "ru"})
    member.refresh_from_db()
    assert member.language_chosen and member.preferred_language == "ru"


def test_sign_up_confirmation_goes_out_in_the_language_the_teacher_chose(client, db):
    region = RegionFactory()
    data = {
        "display_name": "Ольга Ким",
        "email": "olga.kim@example.org",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
        "region": region.pk,
        "school": "",
        "proposed_school": "Школа № 3",
        "preferred_language": "ru",
    }
    client.post("/accounts/signup/?lang=kk", data)
    (message,) = mail.outbox
    assert message.to == ["olga.kim@example.org"]
    assert "адрес" in message.body.lower() and "мекенжай" not in message.body.lower()


def test_a_place_from_the_waitlist_is_announced_in_the_members_language(
    db, make_event, russian_reader, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    first = UserFactory()
    with translation.override("kk"):
        with django_capture_on_commit_callbacks(execute=True):
            event_services.register(event=event, user=first)
            event_services.register(event=event, user=russian_reader)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            event_services.cancel_registration(event=event, user=first)
    assert Registration.objects.get(user=russian_reader).status == Registration.Status.CONFIRMED
    (message,) = mail.outbox
    assert message.to == [russian_reader.email]
    assert (
        "Здравствуйте, Ольга!" in message.body and "подтверждено" in message.body and "Сәлеметсіз" not in message.body
    )
    notification = Notification.objects.get(recipient=russian_reader, kind="event.promoted")
    assert notification.text.startswith("Освободилось место")


def test_the_digest_speaks_the_recipients_language_whatever_the_writer_saw(db, russian_reader):
    board = BoardFactory(slug="lamps", title="Шамдар")
    with translation.override("kk"):
        thread = forum_services.create_thread(board=board, author=russian_reader, title="Шам", body="Сұрақ")
        forum_services.create_post(thread=thread, author=UserFactory(display_name="Әйгерім"), body="Жауап")
        assert forum_services.send_digest(user=russian_reader, base_url="https://ortaq.example.org") == 1
    body = mail.outbox[0].body
    assert "Әйгерім ответил(а) в теме «Шам»" in body and "жауап жазды" not in body


def test_a_post_in_another_language_than_the_page_is_marked_with_lang(client, db):
    board = BoardFactory(slug="lamps", title="Шамдар")
    writer = UserFactory(display_name="Ольга")
    with translation.override("kk"):
        thread = forum_services.create_thread(
            board=board, author=writer, title="Лампа", body="Коллеги, как вы проводите опыты без лаборатории?"
        )
        forum_services.create_post(thread=thread, author=UserFactory(), body="Біз қырыққабат шырынын қолдандық.")
    assert list(Post.objects.order_by("pk").values_list("language", flat=True)) == ["ru", "kk"]
    kk = client.get(f"/kk/forums/t/{thread.pk}/").content.decode()
    assert kk.count('class="post-body" lang="ru"') == 1 and 'class="post-body" lang="kk"' not in kk
    ru = client.get(f"/ru/forums/t/{thread.pk}/").content.decode()
    assert ru.count('class="post-body" lang="kk"') == 1 and 'class="post-body" lang="ru"' not in ru


def test_the_switcher_changes_the_language_of_a_certificates_public_page(client, db, make_event, russian_reader):
    organiser = UserFactory()
    certificate = Certificate.objects.create(
        event=make_event(), holder=russian_reader, kind=Certificate.Kind.PARTICIPATION, hours=6, issued_by=organiser
    )
    path = f"/certificates/{certificate.code}/"
    kk = client.get(path + "?lang=kk").content.decode()
    assert '<html lang="kk"' in kk and f'href="{path}?lang=ru"' in kk
    assert '<html lang="ru"' in client.get(path + "?lang=ru").content.decode()
