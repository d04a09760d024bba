"""Projects in the Wagtail admin: staff edit the themes; case studies and projects are pages in the tree."""

from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from projects import selectors, views
from projects.models import CaseStudyPage, ProjectPage, Theme
from projects.posters import selectors as poster_selectors


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "name_kk", "name_ru", "slug"]
    search_fields = ["name", "name_kk", "name_ru"]


register_snippet(ThemeViewSet)

# Other apps add panels under posters (e.g. forums' feedback) with:
#   @hooks.register("ortaq_poster_panels")
#   def feedback_panel(request, page) -> SafeString: ...  (render_to_string / format_html; a plain str is escaped)
# rendered by {% poster_panels page %} (projects/templatetags/projects_tags.py) inside <section id="feedback">.


@hooks.register("ortaq_event_panels")
def poster_session_panel(request, event_page) -> str:
    """On an event page: the gallery link once posters are accepted; a registrant's offers and the offer form;
    the organisers' links to run the session (network/templatetags/network_tags.py renders it)."""
    context = poster_selectors.poster_panel_context(event=event_page, user=request.user)
    return render_to_string("projects/event_poster_panel.html", context, request=request)


@hooks.register("ortaq_event_presenters")
def event_presenters(event_page) -> set[int]:
    """Ids of who presented an accepted, boarded poster at the event: their certificate is one of presentation
    (network/events/services.py issue_certificates)."""
    return poster_selectors.list_event_presenter_ids(event=event_page)


@hooks.register("before_edit_page")
def edit_projects_on_the_front_end(request, page):
    """Projects are edited through the front-end forms, which keep the draft page row and its revisions in step.
    A case study in review is decided on the site's review page (the frozen revision, the same service)."""
    if page.specific_class is ProjectPage:
        return redirect("projects:detail", page.pk)
    if page.specific_class is CaseStudyPage and selectors.can_review_case_study(user=request.user, page=page):
        return redirect(selectors.review_url(page=page))
    return None


@hooks.register("construct_explorer_page_queryset")
def hide_private_pages_in_the_explorer(parent_page, pages, request):
    return selectors.list_admin_pages(pages=pages, user=request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_private_pages_in_the_chooser(pages, request):
    return selectors.list_admin_pages(pages=pages, user=request.user)


@hooks.register("before_create_page")
def create_projects_on_the_front_end(request, parent_page, page_class):
    if page_class is ProjectPage:
        return redirect("projects:create")
    return None


# What case-study pages show (CaseStudyIndexPage/CaseStudyPage.get_context ask this hook: network/pages.py).
hooks.register("page_context", views.page_context)
