"""Writes of the poster session at network events: offer, withdraw, decide, assign boards and gallery-walk groups."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from network import services as network_services
from network.models import User
from network.signals import public_pages_changed
from projects.models import (
    GalleryWalk,
    GalleryWalkVisitor,
    PosterPresentation,
    ProjectPage,
)
from projects.posters import plan as poster_plan
from projects.posters import selectors as poster_selectors

# --- Posters at network events ---------------------------------------------------------------------------------


def _forget_public_pages() -> None:
    """The gallery is a public page: after commit, cms (listening to `public_pages_changed`) renders its cached
    anonymous copies afresh."""
    transaction.on_commit(lambda: public_pages_changed.send(sender=PosterPresentation))


@transaction.atomic
def offer_poster(*, event, project: ProjectPage, user: User, now=None) -> PosterPresentation:
    """`user` (a confirmed registrant leading `project`) offers its poster for the event's poster session;
    PermissionDenied otherwise (poster_selectors.can_offer_poster). Organisers are told there is an offer to decide."""
    if not poster_selectors.can_offer_poster(user=user, event=event, project=project, now=now):
        raise PermissionDenied
    source = event.registration_event
    presentation = PosterPresentation.objects.create(event=source, project=project, presenter=user)
    for organiser in source.organisers.all():
        network_services.notify(
            recipient=organiser,
            kind="posters.offered",
            message=gettext_noop("%(name)s offers a poster for %(event)s: %(title)s"),
            params={
                "name": user,
                "event": network_services.event_title_in_each_language(source),
                "title": project.title,
            },
            url=reverse("projects:poster_manage", args=[event.slug]),
        )
    return presentation


@transaction.atomic
def withdraw_poster(*, presentation: PosterPresentation, user: User, now=None) -> None:
    """The presenter takes back an offer that is still waiting for a decision; PermissionDenied otherwise."""
    if not poster_selectors.can_withdraw_poster(user=user, presentation=presentation, now=now):
        raise PermissionDenied
    presentation.delete()


def _next_free_board(event) -> int:
    """The lowest board no poster of `event` holds; locks the event's posters so two organisers accepting at the
    same moment (PostgreSQL) wait for each other instead of colliding on the unique board."""
    posters = PosterPresentation.objects.select_for_update().filter(event=event)
    taken = {number for number in posters.values_list("board_number", flat=True) if number is not None}
    return next(n for n in range(1, len(taken) + 2) if n not in taken)


@transaction.atomic
def decide_poster(*, presentation: PosterPresentation, user: User, accept: bool, now=None) -> PosterPresentation:
    """An organiser (or admin) accepts a poster, which takes the lowest free board and appears in the public
    gallery, or declines it (its board is freed); they may change their mind. The presenter is notified."""
    event = presentation.event
    if not poster_selectors.can_run_poster_session(user=user, event=event):
        raise PermissionDenied
    status = PosterPresentation.Status.ACCEPTED if accept else PosterPresentation.Status.DECLINED
    if presentation.status == status:
        return presentation
    presentation.status = status
    presentation.decided_at, presentation.decided_by = now or timezone.now(), user
    presentation.board_number = _next_free_board(event) if accept else None
    presentation.save(update_fields=["status", "decided_at", "decided_by", "board_number"])
    presenter = presentation.presenter
    network_services.notify(
        recipient=presenter,
        kind="posters.accepted" if accept else "posters.declined",
        message=(
            gettext_noop("Your poster %(title)s is accepted for %(event)s.")
            if accept
            else gettext_noop("Your poster %(title)s is not part of the poster session of %(event)s.")
        ),
        params={"title": presentation.project.title, "event": network_services.event_title_in_each_language(event)},
        url=event.url or "",
    )
    _forget_public_pages()
    return presentation


@transaction.atomic
def assign_boards_and_groups(*, event, user: User, group_size: int = 4, rotation_minutes: int = 10) -> GalleryWalk:
    """An organiser (or admin) numbers the accepted posters 1..N (a poster keeps its board where it can) and deals
    the confirmed registrants who do not present into gallery-walk groups of at most `group_size`; the rotation
    plan follows from both (projects.poster_plan.rotation_plan). Running it again reflects late changes."""
    if not poster_selectors.can_run_poster_session(user=user, event=event):
        raise PermissionDenied
    source = event.registration_event
    posters = PosterPresentation.objects.select_for_update().filter(event=source)
    posters.exclude(status=PosterPresentation.Status.ACCEPTED).exclude(board_number=None).update(board_number=None)
    accepted = list(
        posters.filter(status=PosterPresentation.Status.ACCEPTED).order_by(
            F("board_number").asc(nulls_last=True), "offered_at", "pk"
        )
    )
    boards = poster_plan.number_boards([(p.pk, p.board_number) for p in accepted])
    moved = [p for p in accepted if p.board_number != boards[p.pk]]
    # Boards are unique per event: clear the moving ones first, then give each its new number.
    PosterPresentation.objects.filter(pk__in=[p.pk for p in moved]).update(board_number=None)
    for poster in moved:
        poster.board_number = boards[poster.pk]
        poster.save(update_fields=["board_number"])
    walk, _created = GalleryWalk.objects.update_or_create(
        event=source,
        defaults={"group_size": group_size, "rotation_minutes": rotation_minutes, "assigned_by": user},
    )
    groups = poster_plan.split_into_groups(poster_selectors.list_walk_visitors(event=source), size=group_size)
    walk.visitors.all().delete()
    GalleryWalkVisitor.objects.bulk_create(
        GalleryWalkVisitor(walk=walk, user=member, group=number)
        for number, members in enumerate(groups, start=1)
        for member in members
    )
    _forget_public_pages()
    return walk
