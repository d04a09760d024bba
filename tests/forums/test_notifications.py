"""E-mail digests of notifications, per-member settings, and the unsubscribe link that needs no sign-in."""

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import selectors, services
from network import services as network_services
from network.models import Notification


def test_daily_digest_emails_unread_notifications_once(teacher, teacher2, thread):
    teacher.preferred_language = "en"
    teacher.save()
    services.create_post(thread=thread, author=teacher2, body=f"@{teacher.username} see this")
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [teacher.email] and "mentioned you" in message.body
    assert "/forums/unsubscribe/" in message.body and message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert not Notification.objects.filter(recipient=teacher, emailed_at__isnull=True).exists()
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # nothing new: no second e-mail


def test_digest_is_in_the_members_language(teacher):
    teacher.preferred_language = "ru"
    teacher.save()
    network_services.notify(recipient=teacher, kind="forum.reply", text="x")
    services.send_digests(base_url="https://ortaq.example.org")
    assert "Здравствуйте" in mail.outbox[0].body


def test_members_choose_what_the_digest_contains(client, teacher):
    client.force_login(teacher)
    client.post(reverse("forums:notification_settings"), {"email_digest": "on", "email_replies": "on"})
    prefs = selectors.notification_settings_for(user=teacher)
    assert prefs.email_digest and prefs.email_replies and not prefs.email_mentions
    network_services.notify(recipient=teacher, kind="forum.mention", text="mention")
    assert services.send_digests(base_url="http://x") == 0


def test_unsubscribe_link_works_without_signing_in(client, teacher):
    token = services.unsubscribe_token(teacher)
    url = reverse("forums:unsubscribe", args=[token])
    assert "Unsubscribe" in client.get(url).content.decode()
    client.post(url)
    assert not selectors.notification_settings_for(user=teacher).email_digest
    network_services.notify(recipient=teacher, kind="forum.reply", text="x")
    assert services.send_digests(base_url="http://x") == 0


def test_a_tampered_unsubscribe_token_is_refused(client, teacher):
    token = services.unsubscribe_token(teacher)
    assert client.post(reverse("forums:unsubscribe", args=[token[:-2] + "xx"])).status_code == 404
    assert selectors.notification_settings_for(user=teacher).email_digest


def test_a_reply_in_a_thread_150_follow_notifies_each_in_their_language_with_the_same_queries_as_for_3(
    thread, teacher, django_assert_max_num_queries
):
    """The live thread of an event day: every follower hears of each reply, in her own language, and the reply costs
    as many queries with 150 followers as with 3 (one INSERT of the notifications, not one per follower)."""
    from tests.factories import UserFactory

    def follow(count):
        people = [UserFactory(preferred_language=("kk", "ru", "en")[n % 3]) for n in range(count)]
        for person in people:
            services.follow_thread(user=person, thread=thread)
        return people

    few = follow(3)
    with CaptureQueriesContext(connection) as small:
        services.create_post(thread=thread, author=teacher, body="Boards 1-10 next")
    many = few + follow(147)
    with django_assert_max_num_queries(len(small)):
        services.create_post(thread=thread, author=teacher, body="Boards 11-20 next")
    latest = {n.recipient_id: n for n in Notification.objects.filter(kind="forum.reply").order_by("pk")}
    assert set(latest) >= {person.pk for person in many}
    by_language = {person.preferred_language: latest[person.pk].text for person in many}
    assert "тақырыбында жауап жазды" in by_language["kk"]
    assert "ответил(а) в теме" in by_language["ru"]
    assert "replied in" in by_language["en"]
