"""Writes for network events: registration with a waitlist, attendance, certificates."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from wagtail import log_actions
from wagtail.models import Page

from network import links, localdates, ratelimit, services
from network.events import documents as event_documents
from network.events import selectors as event_selectors
from network.models import Certificate, EventPage, Registration, User


def _lock_event(event: EventPage) -> None:
    """Serialise seat decisions for one event: a row lock on PostgreSQL (SQLite already has one writer at a time)."""
    list(Page.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True))


def _event_in_language(event: EventPage, language: str) -> EventPage:
    """The translation a member reads in their language, or the event itself."""
    translated = (
        EventPage.objects.live().filter(translation_key=event.translation_key, locale__language_code=language).first()
    )
    return translated or event


def _send_registration_email(registration_id: int) -> None:
    """Tell the member where they stand (registered or waitlisted), with the event as an .ics attachment."""
    registration = Registration.objects.select_related("user", "event").get(pk=registration_id)
    user, language = registration.user, registration.user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        event = _event_in_language(registration.event, language)
        start = event.local_start  # "2027 жылғы 13 ақпан, 10:00 (Алматы уақыты (UTC+5))" in the member's language
        when = f"{localdates.local_datetime(start, event.time_zone)} ({localdates.zone_label(event.time_zone, start)})"
        if registration.status == Registration.Status.CONFIRMED:
            subject = _("You are registered: %(event)s") % {"event": event.title}
            lead = _("Your place at %(event)s is confirmed.") % {"event": event.title}
        else:
            subject = _("You are on the waitlist: %(event)s") % {"event": event.title}
            lead = _(
                "%(event)s is full, so you are on the waitlist. We will write to you as soon as a place frees up."
            ) % {"event": event.title}
        body = "\n\n".join(
            [
                _("Hello, %(name)s!") % {"name": user.get_short_name()},
                lead,
                _("When: %(when)s") % {"when": when},
                _("Where: %(where)s")
                % {"where": ", ".join(p for p in [event.town, event.venue, event.online_url] if p)},
                _("Event page: %(url)s") % {"url": links.absolute_url(event.url)},
                _("The attached calendar file adds the event to your phone or computer calendar."),
            ]
        )
        message = EmailMessage(subject, body, to=[user.email])
        message.attach("event.ics", event_documents.event_calendar([event]), "text/calendar")
        message.send()


def _announce(registration: Registration) -> None:
    # robust: a mail server hiccup must not undo a saved registration.
    transaction.on_commit(lambda: _send_registration_email(registration.pk), robust=True)


@transaction.atomic
def register(*, event: EventPage, user: User, presentation: str = "") -> Registration:
    """Give `user` a place, or a waitlist place when the event is full; registering again only updates the text.

    ValidationError when registration is closed; PermissionDenied for anonymous or inactive users.
    """
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied
    event = event.registration_event
    if not event_selectors.registration_is_open(event=event):
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    _lock_event(event)
    _promote_from_waitlist(event)  # a place freed without a promotion (more capacity) goes to the queue, not to us
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration and registration.status != Registration.Status.CANCELLED:
        registration.presentation = presentation.strip()
        registration.save(update_fields=["presentation", "updated_at"])
        return registration
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
    full = event.capacity is not None and confirmed >= event.capacity
    status = Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
    if registration is None:
        registration = Registration.objects.create(
            event=event, user=user, status=status, presentation=presentation.strip()
        )
    else:  # came back after cancelling: to the end of the queue
        registration.status, registration.presentation = status, presentation.strip()
        registration.attendance, registration.created_at = "", timezone.now()
        registration.save()
    _announce(registration)
    return registration


@transaction.atomic
def cancel_registration(*, event: EventPage, user: User) -> Registration | None:
    """Give up `user`'s place (or waitlist place); the first waitlisted member gets it and an e-mail.

    The event row is locked first, so two cancellations at once never promote more people than seats freed.
    Returns the cancelled registration, or None if there was nothing to cancel; PermissionDenied once it started.
    """
    event = event.registration_event
    _lock_event(event)
    registration = (
        Registration.objects.select_for_update()
        .filter(event=event, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        return None
    if not event_selectors.can_cancel(registration=registration, event=event):
        raise PermissionDenied  # after the start, attendance is what counts
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if was_confirmed:
        _promote_from_waitlist(event)
    return registration


@transaction.atomic
def promote_waitlist(*, event: EventPage) -> list[Registration]:
    """Give every free place (the organiser raised the capacity) to the waitlist, in registration order, with the
    e-mail; called when the event page is published."""
    event = event.registration_event
    _lock_event(event)
    return _promote_from_waitlist(EventPage.objects.get(pk=event.pk))


def _promote_from_waitlist(event: EventPage) -> list[Registration]:
    """Fill free seats from the waitlist in order of registration (caller holds the event lock)."""
    promoted = []
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
    while event.capacity is None or confirmed < event.capacity:
        waiting = (
            Registration.objects.select_for_update()
            .filter(event=event, status=Registration.Status.WAITLISTED)
            .order_by("created_at", "pk")
            .first()
        )
        if waiting is None:
            break
        waiting.status = Registration.Status.CONFIRMED
        waiting.save(update_fields=["status", "updated_at"])
        confirmed += 1
        promoted.append(waiting)
        _announce(waiting)
        services.notify(
            recipient=waiting.user,
            kind="event.promoted",
            message=gettext_noop("A place freed up: you are now registered for %(event)s."),
            params={"event": services.event_title_in_each_language(event)},
            url=_event_in_language(event, waiting.user.preferred_language).url or "",
        )
    return promoted


WRONG_CODES = (10, 600)  # wrong check-in codes per member and event per 10 minutes (network.ratelimit)
TOO_MANY_WRONG_CODES = gettext_lazy(
    "Too many wrong codes. Please wait ten minutes, or ask the organisers at the door to check you in."
)


@transaction.atomic
def check_in(
    *, event: EventPage, user: User, code: str, attendance: str = Registration.Attendance.IN_PERSON
) -> Registration:
    """Self check-in with the code shown at the venue. ValidationError for a wrong code;
    PermissionDenied if `user` has no confirmed place or the event is not on now."""
    event = event.registration_event
    registration = event_selectors.get_registration(user=user, event=event)
    if not event_selectors.can_check_in(registration=registration, event=event):
        raise PermissionDenied
    key = f"events.checkin_code:{event.pk}:{user.pk}"
    if ratelimit.exceeded(key, *WRONG_CODES):  # a guesser stops here, even with the right code at last
        raise ValidationError(TOO_MANY_WRONG_CODES, code="rate_limited")
    if code.strip().upper() != event.checkin_code.upper():
        if not ratelimit.hit(key, *WRONG_CODES):
            raise ValidationError(TOO_MANY_WRONG_CODES, code="rate_limited")
        raise ValidationError(_("This is not the code shown at the event. Check it and try again."), code="wrong_code")
    registration.attendance = attendance or Registration.Attendance.IN_PERSON
    registration.checked_in_at = registration.checked_in_at or timezone.now()
    registration.save(update_fields=["attendance", "checked_in_at", "updated_at"])
    return registration


@transaction.atomic
def mark_attendance(*, registration: Registration, attendance: str, by: User) -> Registration:
    """The organiser marks a registrant as attended in person, online, or not (""); PermissionDenied for others.

    Whoever is at the door takes part: checking in someone on the waitlist (or who had cancelled) confirms them,
    even beyond the capacity."""
    if not event_selectors.can_manage_event(user=by, event=registration.event):
        raise PermissionDenied
    if attendance not in Registration.Attendance.values:
        raise ValidationError(_("Unknown attendance."), code="invalid")
    registration.attendance = attendance
    registration.checked_in_at = (registration.checked_in_at or timezone.now()) if attendance else None
    if attendance:
        registration.status = Registration.Status.CONFIRMED
    registration.save(update_fields=["attendance", "checked_in_at", "status", "updated_at"])
    return registration


@transaction.atomic
def check_in_walk_in(
    *, event: EventPage, user: User, by: User, attendance: str = Registration.Attendance.IN_PERSON
) -> Registration:
    """A member who did not register turns up: the organiser registers and checks them in in one step (someone
    already registered, waitlisted or cancelled is simply checked in). PermissionDenied unless `by` manages the
    event; inactive members cannot be checked in."""
    event = event.registration_event
    if not event_selectors.can_manage_event(user=by, event=event):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError(_("This account is closed."), code="inactive")
    _lock_event(event)
    registration, _created = Registration.objects.get_or_create(
        event=event, user=user, defaults={"status": Registration.Status.CONFIRMED}
    )
    return mark_attendance(registration=registration, attendance=attendance, by=by)


@transaction.atomic
def issue_certificates(*, event: EventPage, by: User, now=None) -> list[Certificate]:
    """Once the event has ended: certificates of participation for everyone checked in (attended), and of
    presentation for those of them who presented an accepted poster on a board (`list_presenter_ids`).

    Safe to run again: nobody gets a second certificate of the same type. Returns the new certificates;
    each holder is notified. PermissionDenied unless `by` organises the event or is an admin; ValidationError
    before the end.
    """
    event = event.registration_event
    if not event_selectors.can_manage_event(user=by, event=event):
        raise PermissionDenied
    if not event_selectors.event_has_ended(event=event, now=now):
        raise ValidationError(
            _("Certificates can be issued once the event has ended: they say who took part and who presented."),
            code="not_ended",
        )
    _lock_event(event)  # two organisers pressing at once: the second finds the first one's certificates
    presenters = event_selectors.list_presenter_ids(event=event)
    attended = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .exclude(attendance="")
        .select_related("user")
    )
    issued = set(Certificate.objects.filter(event=event).values_list("holder_id", "kind"))
    new = []
    for registration in attended:
        kinds = [Certificate.Kind.PARTICIPATION]
        if registration.user_id in presenters:
            kinds.append(Certificate.Kind.PRESENTATION)
        new += [
            Certificate(event=event, holder=registration.user, kind=kind, hours=event.cpd_hours, issued_by=by)
            for kind in kinds
            if (registration.user_id, kind) not in issued
        ]
    created = Certificate.objects.bulk_create(new)  # one INSERT for the 170 of an event day, not one each
    services.notify_each(
        recipients=list({c.holder_id: c.holder for c in created}.values()),
        kind="event.certificate",
        message=gettext_noop("Your certificate for %(event)s is ready."),
        params={"event": services.event_title_in_each_language(event)},
        url=reverse("network:my_certificates"),
    )
    return created


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by: User) -> Certificate:
    """Mark a certificate revoked (its verification page says so); admins only."""
    if not event_selectors.can_revoke_certificate(user=by):
        raise PermissionDenied
    if certificate.revoked_at is None:
        certificate.revoked_at, certificate.revoked_by = timezone.now(), by
        certificate.save(update_fields=["revoked_at", "revoked_by"])
        log_actions.log(
            instance=certificate,
            action="ortaq.certificate_revoked",
            user=by,
            data={"holder_id": certificate.holder_id, "event_id": certificate.event_id, "kind": certificate.kind},
        )
    return certificate
