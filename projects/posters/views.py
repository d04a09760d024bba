"""The poster session of a network event: offers from the event page, the organisers' session page and printables,
and the public gallery. Thin: projects.selectors decides who may, projects.services writes."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from PIL import Image, UnidentifiedImageError

from network import links
from network.events import selectors as event_selectors
from network.models import EventPage
from projects import qr, selectors
from projects.models import PosterPresentation
from projects.posters import selectors as poster_selectors
from projects.posters import services as poster_services
from projects.posters.forms import GalleryWalkForm, PosterDecisionForm, PosterOfferForm
from projects.posters.plan import groups_outnumber_boards, rotation_plan

THUMBNAIL_BOX = (360, 510)  # a gallery card, about A-series portrait
THUMBNAIL_SECONDS = 60 * 60 * 24


def _run_or_403(request, slug: str) -> EventPage:
    event = event_selectors.get_event_or_404(slug=slug)
    if not poster_selectors.can_run_poster_session(user=request.user, event=event):
        raise PermissionDenied
    return event


def _with_labels(posters) -> list[PosterPresentation]:
    """Accepted posters that have a board, each with its public school label in the reader's language."""
    language = get_language()
    posters = [p for p in posters if p.board_number]
    for poster in posters:
        poster.school_label = selectors.school_label(project=poster.project, language=language)
        poster.has_image = poster_selectors.poster_display_file(poster.project) is not None
    return posters


# --- Teachers: offer and withdraw ----------------------------------------------------------------------------


@login_required
@require_POST
def poster_offer(request, slug):
    event = event_selectors.get_event_or_404(slug=slug)
    if not poster_selectors.may_offer_posters_at(user=request.user, event=event):
        raise PermissionDenied
    form = PosterOfferForm(
        request.POST, projects=poster_selectors.list_offerable_projects(user=request.user, event=event)
    )
    if form.is_valid():
        poster_services.offer_poster(event=event, project=form.cleaned_data["project"], user=request.user)
        messages.success(request, _("Your poster is offered. The organisers will accept or decline it."))
        return redirect(event.url + "#posters")
    return render(request, "projects/event_poster_offer.html", {"event": event, "form": form}, status=400)


@login_required
@require_POST
def poster_withdraw(request, slug, pk):
    event = event_selectors.get_event_or_404(slug=slug)
    presentation = get_object_or_404(poster_selectors.list_my_poster_offers(user=request.user, event=event), pk=pk)
    poster_services.withdraw_poster(presentation=presentation, user=request.user)
    messages.success(request, _("Your poster offer is withdrawn."))
    return redirect(event.url + "#posters")


# --- Organisers: decide, assign, print -----------------------------------------------------------------------


@login_required
def poster_manage(request, slug):
    """Offered, accepted and declined posters with their decisions; "assign boards and groups"."""
    event = _run_or_403(request, slug)
    walk = poster_selectors.get_gallery_walk(event=event)
    initial = {"group_size": walk.group_size, "rotation_minutes": walk.rotation_minutes} if walk else None
    form = GalleryWalkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        walk = poster_services.assign_boards_and_groups(event=event, user=request.user, **form.cleaned_data)
        messages.success(request, _("Boards and gallery-walk groups are assigned."))
        return redirect("projects:poster_manage", event.slug)
    offers = list(poster_selectors.list_poster_offers(event=event))
    status = PosterPresentation.Status
    groups = poster_selectors.list_walk_groups(walk=walk)
    boards = sum(1 for p in offers if p.status == status.ACCEPTED)
    context = {
        "event": event,
        "form": form,
        "walk": walk,
        "groups": groups,
        "boards": boards,
        "crowded": groups_outnumber_boards(groups=len(groups), boards=boards),
        "sections": [
            (label, [p for p in offers if p.status == value])
            for value, label in (
                (status.OFFERED, _("Waiting for a decision")),
                (status.ACCEPTED, _("Accepted")),
                (status.DECLINED, _("Declined")),
            )
        ],
    }
    return render(request, "projects/event_poster_manage.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def poster_decide(request, slug, pk):
    event = _run_or_403(request, slug)
    presentation = get_object_or_404(poster_selectors.list_poster_offers(event=event), pk=pk)
    form = PosterDecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        poster_services.decide_poster(presentation=presentation, user=request.user, accept=accept)
        done = _("Accepted: %(title)s.") if accept else _("Declined: %(title)s.")
        messages.success(request, done % {"title": presentation.project.title})
    return redirect("projects:poster_manage", event.slug)


@login_required
def poster_labels(request, slug):
    """One printable label per board: its number, the poster, and a QR code to the poster's feedback."""
    event = _run_or_403(request, slug)
    posters = _with_labels(poster_selectors.list_event_posters(event=event))
    for poster in posters:
        url = reverse("projects:event_poster", args=[event.slug, poster.board_number])
        poster.public_url = links.absolute_url(url) + "#feedback"
        poster.qr_svg = qr.qr_svg(poster.public_url)
    return render(request, "projects/event_poster_labels.html", {"event": event, "posters": posters})


@login_required
def poster_plan(request, slug):
    """The rotation plan on one page: rounds x groups with times in the event's zone, then who is in each group."""
    event = _run_or_403(request, slug)
    walk = poster_selectors.get_gallery_walk(event=event)
    groups = poster_selectors.list_walk_groups(walk=walk)
    posters = _with_labels(poster_selectors.list_event_posters(event=event))
    minutes = walk.rotation_minutes if walk else GalleryWalkForm.base_fields["rotation_minutes"].initial
    rounds = [
        {
            "number": r.number,
            "start": localtime(r.start, event.zone),
            "end": localtime(r.end, event.zone),
            "boards": r.boards,
        }
        for r in rotation_plan(
            boards=len(posters),
            groups=len(groups),
            start=event_selectors.poster_session_start(event=event),
            minutes=minutes,
        )
    ]
    context = {
        "event": event,
        "walk": walk,
        "groups": groups,
        "posters": posters,
        "rounds": rounds,
        "overruns": bool(rounds) and rounds[-1]["end"] > event.end,
        "crowded": groups_outnumber_boards(groups=len(groups), boards=len(posters)),
    }
    return render(request, "projects/event_poster_plan.html", context)


# --- Everyone: the gallery --------------------------------------------------------------------------------------


def poster_gallery(request, slug):
    """The event's accepted posters by board (public: offering a poster is consent to show it here)."""
    event = event_selectors.get_event_or_404(slug=slug)
    posters = _with_labels(poster_selectors.list_event_posters(event=event))
    return render(request, "projects/event_poster_gallery.html", {"event": event, "posters": posters})


def _accepted_poster_or_404(slug: str, board_number: int) -> tuple[EventPage, PosterPresentation]:
    event = event_selectors.get_event_or_404(slug=slug)
    poster = poster_selectors.get_event_poster(event=event, board_number=board_number)
    if poster is None:
        raise Http404
    return event, poster


def poster_detail(request, slug, board_number):
    """One accepted poster: the image or the template's text, and (forums) its feedback under #feedback."""
    event, poster = _accepted_poster_or_404(slug, board_number)
    (poster,) = _with_labels([poster])
    return render(
        request, "projects/event_poster_detail.html", {"event": event, "poster": poster, "project": poster.project}
    )


def _public_file_headers(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={settings.ORTAQ_PAGE_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def poster_image(request, slug, board_number):
    """The poster's image, for an ACCEPTED poster only: the project's other files stay in private storage."""
    _event, poster = _accepted_poster_or_404(slug, board_number)
    field = poster_selectors.poster_display_file(poster.project)
    if field is None:
        raise Http404
    return _public_file_headers(FileResponse(field.open("rb"), filename=field.name.rsplit("/", 1)[-1]))


def _thumbnail(field) -> bytes:
    with field.open("rb") as handle, Image.open(handle) as image:
        image.thumbnail(THUMBNAIL_BOX)
        out = io.BytesIO()
        image.convert("RGB").save(out, "WEBP", quality=70)
    return out.getvalue()


def poster_thumbnail(request, slug, board_number):
    """A small WebP of an accepted poster for the gallery (a few KB over a village connection); kept in the cache
    under the file's (random, per upload) name, so a new upload gets a new thumbnail."""
    _event, poster = _accepted_poster_or_404(slug, board_number)
    field = poster_selectors.poster_display_file(poster.project)
    if field is None:
        raise Http404
    key = f"projects:poster-thumbnail:{field.name}"
    data = cache.get(key)
    if data is None:
        try:
            data = _thumbnail(field)
        except (OSError, UnidentifiedImageError) as error:
            raise Http404 from error
        cache.set(key, data, THUMBNAIL_SECONDS)
    return _public_file_headers(HttpResponse(data, content_type="image/webp"))
