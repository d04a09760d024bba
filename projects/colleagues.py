"""Colleagues take part in a project: named consultation requests (asked, notified, answered in the platform, the
answer added to the consultation record) and co-leaders told when they are added.

Reads (`list_*`, `can_*`) first, then writes; views ask the same predicates.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from network import ratelimit
from network import services as network_services
from network.models import User
from projects import selectors
from projects.models import Consultation, ConsultationRequest, ProjectPage

# --- Reads ------------------------------------------------------------------------------------------------


def list_consultable_colleagues(*, project: ProjectPage, user: User) -> list[User]:
    """Whom `user` may ask about `project` by name: its group's members and facilitator and its co-leaders,
    never herself, by name."""
    people = {leader.pk: leader for leader in project.leaders}
    if project.group_id:
        group = project.group
        people[group.facilitator_id] = group.facilitator
        for membership in group.memberships.select_related("user"):
            people[membership.user_id] = membership.user
    people.pop(user.pk, None)
    return sorted((p for p in people.values() if p.is_active), key=lambda p: str(p).lower())


def list_requests(*, project: ProjectPage) -> QuerySet[ConsultationRequest]:
    return project.consultation_requests.select_related("colleague")


def list_open_requests_for(*, user: User) -> QuerySet[ConsultationRequest]:
    """Questions colleagues asked `user` that she has not answered yet."""
    return ConsultationRequest.objects.filter(colleague=user, answered_at=None).select_related("project", "asked_by")


def can_answer(*, user: User, request: ConsultationRequest) -> bool:
    """Only the colleague asked, once."""
    return user.is_authenticated and request.colleague_id == user.pk and request.answered_at is None


# --- Writes -----------------------------------------------------------------------------------------------


@transaction.atomic
def request_consultation(*, project: ProjectPage, user: User, colleagues, question: str) -> list[ConsultationRequest]:
    """Ask each of `colleagues` (from `list_consultable_colleagues`) the same question; each is notified. At most
    PROJECTS_QUESTIONS_PER_MINUTE questions per member (ratelimit.TooFast beyond)."""
    if not selectors.can_edit_project(user=user, project=project):
        raise PermissionDenied
    allowed = {p.pk for p in list_consultable_colleagues(project=project, user=user)}
    if any(colleague.pk not in allowed for colleague in colleagues):
        raise PermissionDenied
    if not ratelimit.hit(f"projects.consult:{user.pk}", getattr(settings, "PROJECTS_QUESTIONS_PER_MINUTE", 5), 60):
        raise ratelimit.TooFast  # each question notifies every colleague named
    created = []
    for colleague in colleagues:
        asked = ConsultationRequest.objects.create(
            project=project, asked_by=user, colleague=colleague, question=question
        )
        network_services.notify(
            recipient=colleague,
            kind="project.consultation",
            message=gettext_noop("%(name)s asks your advice on “%(project)s”."),
            params={"name": user, "project": project.title},
            url=reverse("projects:consultation_answer", args=[asked.pk]),
        )
        created.append(asked)
    return created


@transaction.atomic
def answer_consultation(*, request: ConsultationRequest, user: User, answer: str) -> Consultation:
    """The colleague answers; her answer joins the project's consultations and its leaders are told."""
    if not can_answer(user=user, request=request):
        raise PermissionDenied
    request.answer, request.answered_at = answer, timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    project = request.project
    record = Consultation.objects.create(
        project=project, role=Consultation.Role.COLLEAGUE, who=str(user), said=answer, date=timezone.localdate()
    )
    project.last_activity_at = timezone.now()
    project.save(update_fields=["last_activity_at"])
    for leader in project.leaders:
        network_services.notify(
            recipient=leader,
            kind="project.consultation_answered",
            message=gettext_noop("%(name)s answered your question on “%(project)s”."),
            params={"name": user, "project": project.title},
            url=reverse("projects:detail", args=[project.pk]) + "#consultation",
        )
    return record


def notify_new_co_leaders(*, project: ProjectPage, user: User, before: set[int]) -> None:
    """Tell each co-leader who was not one before that `user` added them."""
    for co_leader in project.co_leaders.all():
        if co_leader.pk in before or co_leader.pk == user.pk:
            continue
        network_services.notify(
            recipient=co_leader,
            kind="project.co_leader",
            message=gettext_noop("%(name)s added you as a co-leader of “%(project)s”."),
            params={"name": user, "project": project.title},
            url=reverse("projects:detail", args=[project.pk]),
        )
