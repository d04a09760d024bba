"""Forums in Wagtail: boards in the admin, the feedback panel poster pages show (`ortaq_poster_panels`) and the
live-room panel of event pages (`ortaq_event_panels`)."""

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forums import protocol, selectors
from forums.models import Board


class BoardViewSet(SnippetViewSet):
    model = Board
    icon = "comment"
    menu_label = _("Forum boards")
    list_display = ["title", "kind", "group", "event_page", "position"]
    list_filter = ["kind"]


register_snippet(BoardViewSet)


@hooks.register("register_log_actions")
def register_forum_log_actions(actions):
    """Forum moderation in Wagtail's audit log (Reports -> Site history, admins)."""
    actions.register_action("ortaq.post_hidden", _("Hide post"), _("Post hidden"))
    actions.register_action("ortaq.post_restored", _("Restore post"), _("Post restored"))
    actions.register_action("ortaq.flags_dismissed", _("Dismiss reports"), _("Reports dismissed"))
    actions.register_action("ortaq.thread_locked", _("Lock thread"), _("Thread locked"))
    actions.register_action("ortaq.thread_unlocked", _("Unlock thread"), _("Thread unlocked"))


@hooks.register("ortaq_poster_panels")
def feedback_panel(request, page) -> str:
    """Feedback count, the latest three items and a link to the form, for a poster or project page."""
    items = selectors.list_feedback(page=page)
    return render_to_string(
        "forums/poster_panel.html",
        {"page": page, "count": items.count(), "latest": list(items[:3])},
        request=request,
    )


@hooks.register("ortaq_portfolio_feedback")
def portfolio_feedback(pages) -> list:
    """Peer feedback on a teacher's poster and case study, for her portfolio zip (projects.services)."""
    return list(selectors.list_feedback_on(pages=pages))


@hooks.register("ortaq_feedback_given")
def feedback_given(user_ids) -> dict[int, int]:
    """{member id: peer feedback she gave}, for the facilitator dashboard (projects.facilitator)."""
    return selectors.count_feedback_given(user_ids=user_ids)


@hooks.register("ortaq_event_panels")
def live_room_panel(request, event_page) -> str:
    """Links to the event's live room (signed-in members), its live dashboard (organisers) and its forum board."""
    user = getattr(request, "user", None) or AnonymousUser()
    return render_to_string(
        "forums/event_panel.html",
        {
            "event": event_page,
            "board": selectors.event_board_for(event=event_page),
            "can_enter": selectors.can_enter_room(user=user, event=event_page),
            "can_run": selectors.can_run_room(user=user, event=event_page),
        },
        request=request,
    )


@hooks.register("ortaq_event_banners")
def announcement_banner(request, event_page) -> str:
    """On every page of an event (its page, gallery, posters, feedback forms): the latest announcement, and for
    members who may enter the live room the room's stream (forums/js/live-banner.js), so the next one appears live."""
    if event_page is None:
        return ""
    user = getattr(request, "user", None) or AnonymousUser()
    latest = selectors.latest_announcement(event=event_page)
    live = selectors.can_enter_room(user=user, event=event_page) and event_page.end >= timezone.now()
    if latest is None and not live:
        return ""
    context = {
        "event": event_page,
        "latest": latest,
        "live": live,
        "ws_path": protocol.room_path(event_page.slug, get_language()),
        "last_seq": selectors.last_room_seq(event=event_page),
    }
    return render_to_string("forums/event_banner.html", context, request=request)


@hooks.register("ortaq_event_report_panels")
def posters_presented_panel(request, event_page) -> str:
    """On an event's report: the posters presented there, each with its peer-feedback count, and the total."""
    from forums.views import poster_url  # the public poster page, or its feedback form

    posters = selectors.list_room_posters(event=event_page)
    if not posters:
        return ""
    for presentation in posters:
        presentation.url = poster_url(page=event_page, presentation=presentation, back=request.path)
    return render_to_string(
        "forums/event_report_panel.html",
        {"posters": posters, "total": sum(p.feedback_count for p in posters)},
        request=request,
    )
