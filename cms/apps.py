from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from cms import services
        from cms.models import FooterText
        from network.signals import public_pages_changed

        # Cached anonymous pages go stale when any page or the footer changes; the service does the work.
        page_published.connect(services.clear_page_cache, dispatch_uid="cms.clear_page_cache.published")
        page_unpublished.connect(services.clear_page_cache, dispatch_uid="cms.clear_page_cache.unpublished")
        post_save.connect(services.clear_page_cache, sender=FooterText, dispatch_uid="cms.clear_page_cache.footer")
        post_delete.connect(services.clear_page_cache, sender=FooterText, dispatch_uid="cms.clear_page_cache.footer_d")
        # The apps below cms never import it: they announce changes to public pages by signal.
        public_pages_changed.connect(services.clear_page_cache, dispatch_uid="cms.clear_page_cache.public_pages")
        # Forum posts (new, edited, hidden, deleted), threads, boards and events show on anonymous pages too: forget
        # them after the change commits, so moderation takes effect at once (issue 16).
        for label in services.CONTENT_MODELS:
            model = self.apps.get_model(label)
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    services.clear_page_cache_on_commit, sender=model, dispatch_uid=f"cms.cache.{label}.{name}"
                )
