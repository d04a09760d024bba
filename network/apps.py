from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from network.stemming import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="ortaq_sqlite_stems")
