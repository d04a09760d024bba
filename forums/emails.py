"""E-mails the forums send at once (a mention), outside the daily digest (`services.send_digest`)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from network import links
from network.models import Notification


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
