"""Reads and permission decisions of the poster session at network events: the gallery, offers, the walk."""

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from network.events import selectors as event_selectors
from network.models import EventPage, Registration, User
from projects.models import (
    GalleryWalk,
    GalleryWalkVisitor,
    PosterPresentation,
    ProjectPage,
    Stage,
)

# --- Posters at network events ----------------------------------------------------------------------


def list_event_posters(*, event) -> QuerySet[PosterPresentation]:
    """Accepted posters of an event (any language version of it), by board number: the gallery and the live room."""
    return (
        PosterPresentation.objects.filter(event=event.registration_event, status=PosterPresentation.Status.ACCEPTED)
        .select_related(
            "project", "project__lead", "presenter", "project__school__region", "project__school__district__region"
        )
        .order_by(F("board_number").asc(nulls_last=True), "pk")
    )


def accepted_presentations_of(*, project: ProjectPage) -> QuerySet[PosterPresentation]:
    """Where a project's poster is (or was) shown: the events that accepted it."""
    return PosterPresentation.objects.filter(project=project, status=PosterPresentation.Status.ACCEPTED).select_related(
        "event"
    )


def list_event_presenter_ids(*, event) -> set[int]:
    """Who presented at `event`: the leads and co-leaders of its accepted posters that stood on a board (and whoever
    offered them); network's certificates ask this through the `ortaq_event_presenters` hook."""
    boarded = PosterPresentation.objects.filter(
        event=event.registration_event, status=PosterPresentation.Status.ACCEPTED, board_number__isnull=False
    )
    projects = ProjectPage.objects.filter(pk__in=boarded.values("project_id"))
    ids = set(boarded.values_list("presenter_id", flat=True)) | set(projects.values_list("lead_id", flat=True))
    ids |= set(projects.filter(co_leaders__isnull=False).values_list("co_leaders", flat=True))
    return ids


def is_presented_at_an_event(*, project: ProjectPage) -> bool:
    """An accepted poster is public (its event's gallery shows it), so its feedback is public too."""
    return accepted_presentations_of(project=project).exists()


def is_poster_public(*, project: ProjectPage) -> bool:
    """A poster is public once its case study is published or an event accepted it: then its feedback page (the
    poster's QR code) is open to everyone; before, to whoever may view the project (`can_view_project`)."""
    published = project.stage == Stage.PUBLISHED and project.case_study_id and project.case_study.live
    return bool(published) or is_presented_at_an_event(project=project)


# Who may do what in an event's poster session (tests/projects/posters/test_poster_session.py, tests/security/rules.py):
#
# | who                                       | offer / withdraw | accept, decline, assign | labels, plan | gallery |
# |-------------------------------------------|------------------|-------------------------|--------------|---------|
# | anyone, no account                        |       no         |           no            |      no      |   yes   |
# | a confirmed registrant leading a project  |  before the start|           no            |      no      |   yes   |
# |   with a poster (lead or co-leader)       |  (withdraw: until|                         |              |         |
# |                                           |   a decision)    |                         |              |         |
# | the event's organising facilitators, admin|       no         |          yes            |     yes      |   yes   |


def _posters_of(event: EventPage) -> QuerySet[PosterPresentation]:
    return PosterPresentation.objects.filter(event=event.registration_event)


def _poster_projects_of(user: User) -> QuerySet[ProjectPage]:
    """Projects `user` leads or co-leads that have a poster (an upload, or the template's concern and action)."""
    has_poster = Q(poster_file__gt="") | (Q(poster_concern__gt="") & Q(poster_did__gt=""))
    return ProjectPage.objects.filter(Q(lead=user) | Q(co_leaders=user)).filter(has_poster).distinct()


def may_offer_posters_at(*, user: User, event: EventPage, now=None) -> bool:
    """A signed-in member with a confirmed place at an event that has not started yet."""
    now = now or timezone.now()
    if not user.is_authenticated or now >= event.registration_event.start:
        return False
    registration = event_selectors.get_registration(user=user, event=event)
    return registration is not None and registration.status == Registration.Status.CONFIRMED


def list_offerable_projects(*, user: User, event: EventPage) -> QuerySet[ProjectPage]:
    """`user`'s projects with a poster that are not yet offered at (or decided for) `event`, by title."""
    if not user.is_authenticated:
        return ProjectPage.objects.none()
    offered = _posters_of(event).values("project_id")
    return _poster_projects_of(user).exclude(pk__in=offered).order_by("title", "pk")


def can_offer_poster(*, user: User, event: EventPage, project: ProjectPage | None = None, now=None) -> bool:
    """A confirmed registrant, before the event starts, who leads (or co-leads) a project with a poster not yet
    offered there; with `project`: that project in particular."""
    if not may_offer_posters_at(user=user, event=event, now=now):
        return False
    projects = list_offerable_projects(user=user, event=event)
    return projects.filter(pk=project.pk).exists() if project is not None else projects.exists()


def can_withdraw_poster(*, user: User, presentation: PosterPresentation, now=None) -> bool:
    """Its presenter withdraws an offer while it waits for a decision, until the event starts."""
    now = now or timezone.now()
    return bool(
        user.is_authenticated
        and presentation.presenter_id == user.pk
        and presentation.status == PosterPresentation.Status.OFFERED
        and now < presentation.event.start
    )


def can_run_poster_session(*, user: User, event: EventPage) -> bool:
    """The event's organising facilitators and admins accept and decline posters, assign boards and groups and
    print labels and the rotation plan; nobody else."""
    return event_selectors.can_manage_event(user=user, event=event)


def list_poster_offers(*, event: EventPage) -> QuerySet[PosterPresentation]:
    """Every poster offered at `event` (accepted by board, then waiting, then declined), for its organisers."""
    order = {PosterPresentation.Status.ACCEPTED: 0, PosterPresentation.Status.OFFERED: 1}
    status_order = Case(
        *[When(status=status, then=Value(rank)) for status, rank in order.items()],
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        _posters_of(event)
        .select_related("project", "project__lead", "presenter", "project__school__region")
        .order_by(status_order, F("board_number").asc(nulls_last=True), "offered_at", "pk")
    )


def list_my_poster_offers(*, user: User, event: EventPage) -> QuerySet[PosterPresentation]:
    """The posters `user` offered at `event`, whatever their status."""
    if not user.is_authenticated:
        return PosterPresentation.objects.none()
    return _posters_of(event).filter(presenter=user).select_related("project")


def get_event_poster(*, event: EventPage, board_number: int) -> PosterPresentation | None:
    """The accepted poster at a board of `event` (anyone may see it), or None: offered and declined posters and
    their projects stay private."""
    return list_event_posters(event=event).filter(board_number=board_number).first()


def count_event_posters(*, event: EventPage) -> int:
    return _posters_of(event).filter(status=PosterPresentation.Status.ACCEPTED).count()


def poster_display_file(project: ProjectPage):
    """The image that shows a poster: the PNG of a PDF's first page, or the uploaded image; None for a template
    poster (shown as text)."""
    if project.poster_preview:
        return project.poster_preview
    if project.poster_file and not project.poster_is_pdf:
        return project.poster_file
    return None


def get_gallery_walk(*, event: EventPage) -> GalleryWalk | None:
    return GalleryWalk.objects.filter(event=event.registration_event).first()


def list_walk_groups(*, walk: GalleryWalk | None) -> list[list[User]]:
    """The members of each gallery-walk group, group 1 first (an empty list before any assignment)."""
    if walk is None:
        return []
    groups: dict[int, list[User]] = {}
    for visitor in GalleryWalkVisitor.objects.filter(walk=walk).select_related("user").order_by("group", "pk"):
        groups.setdefault(visitor.group, []).append(visitor.user)
    return [groups[number] for number in sorted(groups)]


def list_walk_visitors(*, event: EventPage) -> list[User]:
    """Confirmed registrants who do not present an accepted poster, by school then name: they walk the gallery."""
    presenters = _posters_of(event).filter(status=PosterPresentation.Status.ACCEPTED).values("presenter_id")
    registrations = (
        Registration.objects.filter(event=event.registration_event, status=Registration.Status.CONFIRMED)
        .exclude(user_id__in=presenters)
        .select_related("user")
        .order_by("user__school_id", "user__display_name", "user_id")
    )
    return [registration.user for registration in registrations]


def poster_panel_context(*, event: EventPage, user: User) -> dict:
    """What the poster panel on an event page shows this viewer: the gallery link when posters are accepted,
    a teacher's offers and the offer form, the organisers' links."""
    may_offer = may_offer_posters_at(user=user, event=event)
    return {
        "event": event,
        "accepted_count": count_event_posters(event=event),
        "my_offers": list(list_my_poster_offers(user=user, event=event)),
        "offerable": list(list_offerable_projects(user=user, event=event)) if may_offer else [],
        "may_offer": may_offer,
        "can_run": can_run_poster_session(user=user, event=event),
    }
