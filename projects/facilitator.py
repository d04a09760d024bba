"""The facilitator's dashboard across all her groups (reads) and the one-click nudge of an idle project (write)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from wagtail import hooks

from network import selectors as network_selectors
from network import services as network_services
from network.models import EventPage, Registration, User
from projects import selectors
from projects.models import ProjectPage

IN_REVIEW = "in_review"


def can_use_dashboard(*, user: User) -> bool:
    return network_selectors.is_facilitator(user) or network_selectors.is_admin(user)


def can_nudge(*, user: User, project: ProjectPage) -> bool:
    """The facilitator who looks after the project (its group's, or her region's) and admins."""
    return can_use_dashboard(user=user) and selectors.looks_after(user=user, project=project)


def _feedback_counts(projects: list[ProjectPage]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for fn in hooks.get_hooks("ortaq_portfolio_feedback"):
        for item in fn(projects):
            counts[item.page_id] = counts.get(item.page_id, 0) + 1
    return counts


def _feedback_given(user_ids: list[int]) -> dict[int, int]:
    """{member id: peer feedback items she gave}, from the apps that collect feedback (forums' hook)."""
    counts: dict[int, int] = {}
    for fn in hooks.get_hooks("ortaq_feedback_given"):
        for user_id, count in fn(user_ids).items():
            counts[user_id] = counts.get(user_id, 0) + count
    return counts


def dashboard(*, user: User, group_id: int | None = None, stage: str = "", idle_only: bool = False) -> dict:
    """Everything the dashboard shows, filtered by group, stage ("in_review" too) and idleness."""
    groups = list(network_selectors.list_managed_groups(user=user).select_related("region"))
    shown = [g for g in groups if not group_id or g.pk == group_id]
    projects = list(selectors._project_queryset().filter(group__in=shown))
    in_review = {p.pk for p in selectors.list_review_queue(user=user)}
    feedback = _feedback_counts(projects)
    for project in projects:
        project.in_review = project.pk in in_review
        project.idle = selectors.is_idle(project)
        project.feedback_count = feedback.get(project.pk, 0)
    if stage == IN_REVIEW:
        projects = [p for p in projects if p.in_review]
    elif stage:
        projects = [p for p in projects if p.stage == stage]
    if idle_only:
        projects = [p for p in projects if p.idle]
    members = {g.pk: list(network_selectors.list_group_members(group=g)) for g in shown}
    given = _feedback_given(sorted({m.pk for group_members in members.values() for m in group_members}))
    for group_members in members.values():
        for member in group_members:
            member.feedback_given_count = given.get(member.pk, 0)
    events = list(
        EventPage.objects.live()
        .filter(Q(organisers=user) if not network_selectors.is_admin(user) else Q(), end__gte=timezone.now())
        .annotate(confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)))
        .order_by("start")
        .distinct()[:10]
    )
    return {
        "groups": groups,
        "shown_groups": [(g, members[g.pk], [p for p in projects if p.group_id == g.pk]) for g in shown],
        "projects": projects,
        "proposed_schools": list(network_selectors.list_unconfirmed_schools(viewer=user)[:20]),
        "events": events,
        "feedback_received": sum(p.feedback_count for p in projects),
        "feedback_given": sum(given.values()),
    }


def nudge(*, project: ProjectPage, user: User) -> None:
    """A friendly notification to the project's leaders: the facilitator asks how it is going."""
    if not can_nudge(user=user, project=project):
        raise PermissionDenied
    for leader in project.leaders:
        network_services.notify(
            recipient=leader,
            kind="project.nudge",
            message=gettext_noop("%(name)s asks how “%(project)s” is going. What is your next step?"),
            params={"name": user, "project": project.title},
            url=reverse("projects:detail", args=[project.pk]),
        )
