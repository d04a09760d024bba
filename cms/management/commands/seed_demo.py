"""`manage.py seed_demo`: demo data for every app, idempotent (CONTRACT.md lists what it makes)."""

from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models.signals import post_save
from modelsearch import signal_handlers as search_signals
from modelsearch.index import get_indexed_models
from wagtail.signal_handlers import disable_reference_index_auto_update

import cms.demo
import forums.demo
import network.demo
import network.events.demo
import projects.demo


class Command(BaseCommand):
    help = "Load demo data (safe to run again). Never run this on a production database."

    def handle(self, *args, **options):
        # A page is saved several times while the demo walks it through the cycle: index it once at the end
        # instead of on every save (the seed took 90 s, two thirds of it re-indexing the same pages).
        with _indexes_built_at_the_end():
            self._seed()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(
            "Demo accounts (password ortaq-demo): teacher@example.org, teacher2@example.org, "
            "facilitator@example.org, admin@example.org"
        )

    def _seed(self):
        network.demo.seed(stdout=self.stdout)
        cms.demo.seed(stdout=self.stdout)
        network.events.demo.seed(stdout=self.stdout)
        projects.demo.seed(stdout=self.stdout)
        forums.demo.seed(stdout=self.stdout)
        cms.demo.feature_content(stdout=self.stdout)


@contextmanager
def _indexes_built_at_the_end():
    """Search and reference indexes are not updated on each save inside; both are rebuilt once on the way out."""
    models = [m for m in get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
    call_command("update_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0)
