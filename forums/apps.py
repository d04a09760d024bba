from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def event_published(sender, instance, **kwargs):
    """Every published network event gets its forum board."""
    from forums import services

    services.ensure_event_board(event=instance)


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from network.models import EventPage

        page_published.connect(event_published, sender=EventPage, dispatch_uid="forums.ensure_event_board")
