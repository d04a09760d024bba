"""`manage.py send_digests`: the daily e-mail of unread notifications (run it from cron once a day)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from forums import services


class Command(BaseCommand):
    help = "E-mail each member their unread, not yet e-mailed notifications, and mark them e-mailed."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=settings.ORTAQ_PUBLIC_URL, help="Site address for links.")

    def handle(self, *args, **options):
        sent = services.send_digests(base_url=options["base_url"].rstrip("/"))
        self.stdout.write(f"send_digests: {sent} e-mail(s) sent")
