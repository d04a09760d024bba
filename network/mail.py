"""Every e-mail the site sends passes here (settings.EMAIL_BACKEND): subjects are made one line first.

A title stored with CR/LF (before single-line fields were refused, or typed where no form checks it) would make
Django refuse the whole message with BadHeaderError, and the moderation or registration e-mail would never leave.
The real backend is settings.ORTAQ_EMAIL_BACKEND (what EMAIL_URL chose).
"""

import re

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from network.validators import LINE_BREAKS

_BREAKS = re.compile(f"[{re.escape(LINE_BREAKS)}]+")


def one_line(text: str) -> str:
    """`text` with every run of line breaks turned into one space."""
    return _BREAKS.sub(" ", str(text or "")).strip()


class OneLineSubjectBackend(BaseEmailBackend):
    """Sends through settings.ORTAQ_EMAIL_BACKEND after making each subject one line."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(settings.ORTAQ_EMAIL_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.inner.open()

    def close(self):
        return self.inner.close()

    def send_messages(self, email_messages):
        for message in email_messages:
            message.subject = one_line(message.subject)
        return self.inner.send_messages(email_messages)
