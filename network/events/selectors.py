"""Reads and permission decisions for network events: lists, registrations, attendance, certificates."""

from datetime import datetime, timedelta

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Locale

from network.models import Certificate, EventIndexPage, EventPage, EventReportPage, Region, Registration, User
from network.selectors import is_admin, is_facilitator


def _event_list(*, index: EventIndexPage, region: Region | None) -> QuerySet[EventPage]:
    events = EventPage.objects.child_of(index).live().public().select_related("region")
    if region is not None:
        events = events.filter(region=region)
    return events


def list_upcoming_events(*, index: EventIndexPage, region: Region | None = None) -> QuerySet[EventPage]:
    """Published events under `index` (one language) that have not ended, soonest first, each with `happening_now`;
    anyone may see them."""
    now = timezone.now()
    events = _event_list(index=index, region=region).filter(end__gte=now).order_by("start")
    # `happening_now`: started and not ended (`is_happening_now`), shown as such on the list
    return events.annotate(happening_now=ExpressionWrapper(Q(start__lte=now), output_field=BooleanField()))


def list_past_events(*, index: EventIndexPage, region: Region | None = None) -> QuerySet[EventPage]:
    """Published events under `index` that have ended, latest first."""
    return _event_list(index=index, region=region).filter(end__lt=timezone.now()).order_by("-start")


def event_index_context(*, index: EventIndexPage, region_slug: str = "") -> dict:
    """What the events index shows: the regions to filter by, and its upcoming and past events in `region_slug`."""
    region = Region.objects.filter(slug=region_slug).first()
    return {
        "regions": Region.objects.all(),
        "region": region,
        "upcoming": list_upcoming_events(index=index, region=region),
        "past": list_past_events(index=index, region=region),
    }


def list_upcoming_events_in_language() -> QuerySet[EventPage]:
    """Every published upcoming event in the active language, for the calendar feed."""
    return (
        EventPage.objects.live()
        .public()
        .filter(locale=Locale.get_active(), end__gte=timezone.now())
        .select_related("region")
        .order_by("start")
    )


def get_event(*, slug: str, any_language: bool = False) -> EventPage | None:
    """The published event with this slug in the active language (the page served at /<lang>/events/<slug>/);
    with `any_language`, else the first-created one in another language (a room link may come from another)."""
    pages = EventPage.objects.live().public().filter(slug=slug).select_related("region")
    page = pages.filter(locale=Locale.get_active()).first()
    if page is None and any_language:
        page = pages.order_by("pk").first()
    return page


def get_event_or_404(*, slug: str, any_language: bool = False) -> EventPage:
    """`get_event`, or Http404: the one way every view (events, posters, the live room) fetches its event."""
    event = get_event(slug=slug, any_language=any_language)
    if event is None:
        raise Http404
    return event


POSTER_SESSION_WORDS = ("poster", "постер", "gallery walk", "галере")  # a programme written before the marker


def poster_session_start(*, event: EventPage) -> datetime:
    """When the poster session starts: the first programme session marked "poster session" (else the first whose
    title says so) on the event's first day in its zone, if that falls within the event; otherwise the start."""
    sessions = [block.value for block in event.programme or event.registration_event.programme]
    chosen = next((s for s in sessions if s.get("poster_session")), None) or next(
        (s for s in sessions if any(word in (s.get("title") or "").casefold() for word in POSTER_SESSION_WORDS)), None
    )
    if chosen is None or chosen.get("time") is None:
        return event.registration_event.start
    at = datetime.combine(event.local_start.date(), chosen["time"], tzinfo=event.zone)
    return (
        at if event.registration_event.start <= at <= event.registration_event.end else event.registration_event.start
    )


def can_manage_event(*, user: User, event: EventPage) -> bool:
    """Admins, and the facilitators organising the event, see its registrations, mark attendance and issue
    certificates; other facilitators and teachers do not."""
    if is_admin(user):
        return True
    if not is_facilitator(user):
        return False
    return User.objects.filter(pk=user.pk, organised_events__pk=event.registration_event.pk).exists()


def can_register(*, user: User, event: EventPage) -> bool:
    """Any signed-in, active member may register while registration is open."""
    return bool(user.is_authenticated and user.is_active) and registration_is_open(event=event)


def registration_is_open(*, event: EventPage, now=None) -> bool:
    """Open between `registration_opens` and `registration_closes` (either may be empty), never after the start."""
    now = now or timezone.now()
    event = event.registration_event
    if event.registration_opens and now < event.registration_opens:
        return False
    if event.registration_closes and now > event.registration_closes:
        return False
    return now < event.start


def can_check_in(*, registration: Registration | None, event: EventPage, now=None) -> bool:
    """A registered (not waitlisted) teacher checks in from 2 hours before the start until the end."""
    now = now or timezone.now()
    return bool(
        registration
        and registration.status == Registration.Status.CONFIRMED
        and event.start - timedelta(hours=2) <= now <= event.end
    )


def can_cancel(*, registration: Registration | None, event: EventPage, now=None) -> bool:
    """A member gives up a place (or a waitlist place) until the event starts."""
    now = now or timezone.now()
    return bool(registration and registration.status != Registration.Status.CANCELLED and now < event.start)


def event_has_ended(*, event: EventPage, now=None) -> bool:
    """Certificates say what happened, so they wait until the event is over."""
    return (now or timezone.now()) >= event.registration_event.end


def may_issue_certificates(*, user: User, event: EventPage, now=None) -> bool:
    """The event's managers (`can_manage_event`) issue certificates once it has ended (`event_has_ended`)."""
    return can_manage_event(user=user, event=event) and event_has_ended(event=event, now=now)


def list_presenter_ids(*, event: EventPage) -> set[int]:
    """Who presented at `event`: the leads and co-leaders of its accepted, boarded posters. The poster session lives
    in `projects` (a higher layer), which answers through the `ortaq_event_presenters` hook; the free-text
    "what I will present" of a registration never counts."""
    ids: set[int] = set()
    for fn in hooks.get_hooks("ortaq_event_presenters"):
        ids |= set(fn(event.registration_event))
    return ids


def can_revoke_certificate(*, user: User) -> bool:
    """Only admins revoke certificates."""
    return is_admin(user)


def get_registration(*, user: User, event: EventPage) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event.registration_event, user=user).first()


def count_registrations(*, event: EventPage) -> dict[str, int]:
    """How many registered, waitlisted and attended, in one query."""
    counts = Registration.objects.filter(event=event.registration_event).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        attended=Count("pk", filter=~Q(attendance="")),
    )
    return counts


def list_registrations(*, event: EventPage) -> QuerySet[Registration]:
    """Everyone who registered (cancelled last), with their school loaded: for organisers and admins only."""
    return (
        Registration.objects.filter(event=event.registration_event)
        .select_related("user", "user__school", "user__school__region")
        .order_by("status", "created_at", "pk")
    )


def list_registered_members(*, event: EventPage) -> QuerySet[User]:
    """Active members registered for the event (confirmed or on the waitlist, not cancelled): who is told of its
    announcements."""
    registered = Registration.objects.filter(event=event.registration_event).exclude(
        status=Registration.Status.CANCELLED
    )
    return User.objects.filter(is_active=True, pk__in=registered.values("user_id"))


def is_happening_now(*, event: EventPage, now=None) -> bool:
    """True while the event runs (started, not ended): lists say "Happening now" instead of dropping it."""
    now = now or timezone.now()
    return event.start <= now <= event.end


DOOR_PAGE_SIZE = 50  # rows of the check-in page: a 200-person event stays under the page budget (bench/weight.py)


def _spellings(query: str) -> set[str]:
    """The query as typed, lower, upper and capitalised: SQLite compares only ASCII letters case-insensitively, so
    "жанар" would miss "Жанар" (PostgreSQL's icontains does not need this, and it costs nothing there)."""
    return {query, query.lower(), query.upper(), query.capitalize(), query.title()}


def _member_matches(query: str, prefix: str = "") -> Q:
    """Members whose name, e-mail or school (in any of its languages) contains `query`."""
    fields = ("display_name", "first_name", "last_name", "email", "school__name", "school__name_kk", "school__name_ru")
    condition = Q()
    for spelling in _spellings(query):
        for field in fields:
            condition |= Q(**{f"{prefix}{field}__icontains": spelling})
    return condition


def list_door_registrations(*, event: EventPage, query: str = "") -> QuerySet[Registration]:
    """The organisers' check-in list (`can_manage_event`): registered first, then the waitlist, then cancellations,
    each by name; with `query`, only people whose name, e-mail or school contains it."""
    order = Case(
        When(status=Registration.Status.CONFIRMED, then=Value(0)),
        When(status=Registration.Status.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    registrations = Registration.objects.filter(event=event.registration_event)
    query = query.strip()
    if query:
        registrations = registrations.filter(_member_matches(query, prefix="user__"))
    return registrations.select_related("user", "user__school").order_by(order, "user__display_name", "pk")


def door_page_of(*, registrations: QuerySet[Registration], registration_id: int) -> int:
    """The page of the check-in list on which `registration_id` stands (1 if it is not there)."""
    ids = list(registrations.values_list("pk", flat=True))
    return ids.index(registration_id) // DOOR_PAGE_SIZE + 1 if registration_id in ids else 1


def list_walk_in_candidates(*, event: EventPage, query: str, limit: int = 8) -> QuerySet[User]:
    """Active members matching `query` (two characters at least) who hold no place at `event`: a walk-in at the
    door is registered and checked in in one step (for the organisers, `can_manage_event`)."""
    query = query.strip()
    if len(query) < 2:
        return User.objects.none()
    placed = Registration.objects.filter(event=event.registration_event).exclude(status=Registration.Status.CANCELLED)
    return (
        User.objects.filter(is_active=True)
        .filter(_member_matches(query))
        .exclude(pk__in=placed.values("user_id"))
        .select_related("school")
        .order_by("display_name", "pk")[:limit]
    )


def get_walk_in_member(*, member_id: int | None, email: str = "") -> User | None:
    """The member an organiser picked for a walk-in: by id (from the search) or by e-mail, ignoring case."""
    if member_id:
        return User.objects.filter(pk=member_id).first()
    return User.objects.filter(email__iexact=email.strip()).first() if email.strip() else None


def list_certificates_for(*, user: User) -> QuerySet[Certificate]:
    """A member's own certificates, revoked ones included (marked so)."""
    return Certificate.objects.filter(holder=user).select_related("event")


def list_certificates_for_reader(*, user: User) -> list[Certificate]:
    """`user`'s certificates, each with `event_for_reader`: the event page in the active language if translated."""
    certificates = list(list_certificates_for(user=user))
    keys = {c.event.translation_key for c in certificates}
    translated = {
        page.translation_key: page
        for page in EventPage.objects.filter(translation_key__in=keys, locale=Locale.get_active())
    }
    for certificate in certificates:
        certificate.event_for_reader = translated.get(certificate.event.translation_key, certificate.event)
    return certificates


def get_certificate(*, code: str) -> Certificate | None:
    """The certificate with this code; anyone who has the code may verify it."""
    return Certificate.objects.filter(code=code).select_related("event", "holder", "holder__school__region").first()


def event_page_context(*, event: EventPage, user: User) -> dict:
    """What the event page shows this viewer: their registration, what they may do, counts for organisers."""
    registration = get_registration(user=user, event=event)
    manage = can_manage_event(user=user, event=event)
    source = event.registration_event
    return {
        "registration": registration,
        "registration_open": registration_is_open(event=event),
        "can_register": can_register(user=user, event=event),
        "can_check_in": can_check_in(registration=registration, event=event),
        "can_cancel": can_cancel(registration=registration, event=event),
        "can_manage": manage,
        "counts": count_registrations(event=event) if manage else None,
        "checkin_code": source.checkin_code if manage else "",
        "capacity": source.capacity,
        "organisers": list(source.organisers.all()),
        "report": event.get_children().live().public().type(EventReportPage).first(),
    }
