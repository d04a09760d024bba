"""E-mails the forums send: at once (a mention), and the daily digest with its settings and one-click unsubscribe."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forums import selectors
from forums.models import NotificationSettings
from network import links
from network.models import Notification, User

UNSUBSCRIBE_SALT = "forums.unsubscribe"


def send_notification_email(*, notification_id: int) -> bool:
    """E-mail one notification now (a mention: not only in the digest), in the recipient's preferred language, with
    links on the public address; marked e-mailed so the digest does not send it again. False if already sent."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.recipient.email:
        return False
    user = notification.recipient
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "text": notification.display_text,
            "url": links.absolute_url(notification.url) if notification.url else "",
            "settings_url": links.absolute_url(reverse("forums:notification_settings")),
        }
        subject = notification.display_text
        body = render_to_string("forums/email/notification.txt", context)
    EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def update_notification_settings(*, user: User, **values: bool) -> NotificationSettings:
    found, _created = NotificationSettings.objects.update_or_create(user=user, defaults=values)
    return found


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe(*, token: str) -> User:
    """Turn off the digest for the member the signed token names; BadSignature if it was tampered with."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    user = User.objects.get(pk=data["u"])
    update_notification_settings(user=user, email_digest=False)
    return user


KIND_SETTING = {"forum.reply": "email_replies", "forum.mention": "email_mentions", "forum.feedback": "email_feedback"}


def send_digest(*, user: User, base_url: str) -> int:
    """E-mail `user` their unread, not yet e-mailed notifications (as their settings allow); mark them e-mailed."""
    prefs = selectors.notification_settings_for(user=user)
    if not prefs.email_digest or not user.email:
        return 0
    pending = list(
        Notification.objects.filter(recipient=user, read_at__isnull=True, emailed_at__isnull=True).order_by("pk")
    )
    wanted = [n for n in pending if getattr(prefs, KIND_SETTING.get(n.kind, "email_digest"))]
    if not wanted:
        return 0
    token = unsubscribe_token(user)
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        unsubscribe_url = base_url + reverse("forums:unsubscribe", args=[token])
        context = {"user": user, "notifications": wanted, "base_url": base_url, "unsubscribe_url": unsubscribe_url}
        subject = _("Ortaq: %(count)s new for you") % {"count": len(wanted)}
        text = render_to_string("forums/email/digest.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()
    Notification.objects.filter(pk__in=[n.pk for n in wanted]).update(emailed_at=timezone.now())
    return len(wanted)


def send_digests(*, base_url: str) -> int:
    """One digest per member with something pending; returns how many e-mails went out."""
    recipients = User.objects.filter(
        is_active=True, notifications__read_at__isnull=True, notifications__emailed_at__isnull=True
    ).distinct()
    return sum(1 for user in recipients if send_digest(user=user, base_url=base_url))
