"""Network data in the Wagtail admin, for staff and facilitators."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network.models import Region, School, TeacherGroup


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
