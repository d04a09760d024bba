"""`manage.py seed_demo`: demo data for every app, idempotent (CONTRACT.md lists what it makes)."""

from django.core.management.base import BaseCommand

import cms.demo
import forums.demo
import network.demo
import network.events.demo
import projects.demo


class Command(BaseCommand):
    help = "Load demo data (safe to run again). Never run this on a production database."

    def handle(self, *args, **options):
        network.demo.seed(stdout=self.stdout)
        cms.demo.seed(stdout=self.stdout)
        network.events.demo.seed(stdout=self.stdout)
        projects.demo.seed(stdout=self.stdout)
        forums.demo.seed(stdout=self.stdout)
        cms.demo.feature_content(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(
            "Demo accounts (password ortaq-demo): teacher@example.org, teacher2@example.org, "
            "facilitator@example.org, admin@example.org"
        )
