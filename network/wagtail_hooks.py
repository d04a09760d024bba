"""Network data in the Wagtail admin, for staff and facilitators."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.signals import page_published
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network import selectors, services
from network.events import views as event_views
from network.models import EventPage, Region, School, TeacherGroup


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "name_kk", "name_ru", "time_zone"]


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "home"
    list_display = ["name", "region", "locality", "is_rural", "is_confirmed"]
    list_filter = ["region", "is_rural", "is_confirmed"]
    search_fields = ["name", "locality"]


class TeacherGroupViewSet(SnippetViewSet):
    model = TeacherGroup
    icon = "group"
    list_display = ["name", "facilitator", "region"]


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (RegionViewSet, SchoolViewSet, TeacherGroupViewSet)
    menu_icon = "site"
    menu_label = _("Network")
    menu_name = "network"


register_snippet(NetworkViewSetGroup)


@hooks.register("construct_main_menu")
def keep_menu_small_for_facilitators(request, menu_items):
    """Facilitators review pages and run events; settings stay with admins."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in ("settings", "reports")]


@hooks.register("register_log_actions")
def register_network_log_actions(actions):
    """Network actions in Wagtail's audit log (Reports -> Site history, admins)."""
    actions.register_action("ortaq.role_changed", _("Change role"), _("Role changed"))
    actions.register_action("ortaq.certificate_revoked", _("Revoke certificate"), _("Certificate revoked"))


@hooks.register("before_edit_user")
def remember_roles_before_edit(request, user):
    """Wagtail's user editor can make a member an admin, (de)activate them or change their groups."""
    request.ortaq_roles_before = selectors.roles_of(user)


@hooks.register("after_edit_user")
def log_role_change_after_edit(request, user):
    before = getattr(request, "ortaq_roles_before", None)
    if before is not None:
        services.log_role_change(user=user, by=request.user, before=before)


def _promote_after_publish(sender, instance, **kwargs):
    """More capacity (or any republish) gives the free places to the waitlist at once, with the e-mail."""
    from network.events import services as event_services

    event_services.promote_waitlist(event=instance)


# Every publish path (the editor, a scheduled publish, a revision published in code) sends this signal.
page_published.connect(_promote_after_publish, sender=EventPage, dispatch_uid="network.promote_waitlist")


# What event pages show their viewer (EventIndexPage/EventPage.get_context ask this hook: network/pages.py).
hooks.register("page_context", event_views.page_context)
