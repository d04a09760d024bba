"""Reads and permission decisions for network events: lists, registrations, attendance, certificates."""

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from wagtail.models import Locale

from network.models import Certificate, EventIndexPage, EventPage, EventReportPage, Region, Registration, User
from network.selectors import is_admin, is_facilitator


def _event_list(*, index: EventIndexPage, region: Region | None) -> QuerySet[EventPage]:
    events = EventPage.objects.child_of(index).live().public().select_related("region")
    if region is not None:
        events = events.filter(region=region)
    return events


def list_upcoming_events(*, index: EventIndexPage, region: Region | None = None) -> QuerySet[EventPage]:
    """Published events under `index` (one language) that have not ended, soonest first; anyone may see them."""
    return _event_list(index=index, region=region).filter(end__gte=timezone.now()).order_by("start")


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
