"""Writes for the network: sign-up profile, schools, groups, notifications."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail import log_actions

from network import realtime, selectors
from network.models import (
    EventPage,
    GroupJoinRequest,
    Membership,
    Notification,
    Region,
    School,
    TeacherGroup,
    User,
    params_in_language,
)
from network.signals import public_pages_changed


@transaction.atomic
def complete_signup(
    *,
    user: User,
    display_name: str,
    preferred_language: str,
    region: Region,
    school: School | None = None,
    proposed_school_name: str = "",
) -> User:
    """Fill in a new teacher's profile; a proposed school waits for a facilitator to confirm it."""
    if school is None and proposed_school_name:
        school, _created = School.objects.get_or_create(
            region=region,
            name=proposed_school_name.strip(),
            defaults={"is_confirmed": False, "proposed_by": user},
        )
    user.display_name = display_name.strip()
    user.preferred_language, user.language_chosen = preferred_language, True
    user.school = school
    user.save(update_fields=["display_name", "preferred_language", "language_chosen", "school"])
    user.regions.add(region)
    if school is not None and not school.is_confirmed:
        for facilitator in selectors.list_region_facilitators(region_id=region.pk):
            notify(
                recipient=facilitator,
                kind="network.school_proposed",
                message=gettext_noop("%(name)s proposed a new school: %(school)s."),
                params={"name": user, "school": in_each_language(lambda: school.local_name)},
                url=reverse("network:school_review"),
            )
    return user


@transaction.atomic
def confirm_school(*, school: School, by: User) -> School:
    """Mark a proposed school as real; PermissionDenied unless `by` is a facilitator."""
    if not selectors.can_confirm_school(user=by, school=school):
        raise PermissionDenied
    school.is_confirmed = True
    school.save(update_fields=["is_confirmed"])
    if school.proposed_by_id:
        notify(
            recipient=school.proposed_by,
            kind="network.school_confirmed",
            message=gettext_noop("Your school %(school)s is confirmed."),
            params={"school": in_each_language(lambda: school.local_name)},
        )
    return school


@transaction.atomic
def request_to_join(*, user: User, group: TeacherGroup) -> GroupJoinRequest:
    """Ask to join `group` (asking twice is harmless); its facilitator is notified."""
    if not user.is_authenticated:
        raise PermissionDenied
    join_request, created = GroupJoinRequest.objects.get_or_create(group=group, user=user)
    if created:
        notify(
            recipient=group.facilitator,
            kind="network.join_request",
            message=gettext_noop("%(name)s asks to join %(group)s."),
            params={"name": user, "group": in_each_language(lambda: group.local_name)},
            url=reverse("network:group_detail", args=[group.slug]) + "#join-requests",
        )
    return join_request


@transaction.atomic
def decide_join_request(*, join_request: GroupJoinRequest, by: User, accept: bool) -> GroupJoinRequest:
    """The group's facilitator (or an admin) accepts (she becomes a member) or declines; she is told."""
    group = join_request.group
    if not selectors.can_manage_group(user=by, group=group):
        raise PermissionDenied
    join_request.decided_at, join_request.accepted = timezone.now(), accept
    join_request.save(update_fields=["decided_at", "accepted"])
    if accept:
        Membership.objects.get_or_create(group=group, user=join_request.user)
        notify(
            recipient=join_request.user,
            kind="network.join_accepted",
            message=gettext_noop("Welcome to %(group)s."),
            params={"group": in_each_language(lambda: group.local_name)},
            url=reverse("network:group_detail", args=[group.slug]),
        )
    else:
        notify(
            recipient=join_request.user,
            kind="network.join_declined",
            message=gettext_noop("%(group)s could not take you in; ask another group of your region."),
            params={"group": in_each_language(lambda: group.local_name)},
        )
    return join_request


@transaction.atomic
def join_group(*, user: User, invite_code: str) -> TeacherGroup:
    """Join the group behind an invite link; joining twice is harmless."""
    group = TeacherGroup.objects.get(invite_code=invite_code)
    Membership.objects.get_or_create(group=group, user=user)
    return group


@transaction.atomic
def add_member(*, group: TeacherGroup, user: User, by: User) -> Membership:
    if not selectors.can_manage_group(user=by, group=group):
        raise PermissionDenied
    membership, _created = Membership.objects.get_or_create(group=group, user=user)
    return membership


@transaction.atomic
def notify(
    *,
    recipient: User,
    kind: str,
    text: str = "",
    url: str = "",
    message: str = "",
    params: dict | None = None,
    collapse: bool = False,
) -> Notification:
    """Save a notification and push it to the recipient's open pages after commit.

    Give `message` (an untranslated msgid, marked with gettext_noop) and `params`: the notification is then shown
    in each reader's current language (`Notification.display_text`); `text` is its rendering in the recipient's
    preferred language, made here when not given (e-mails use it).

    `collapse`: while an unread notification of the same kind and link waits, that one is kept (its text updated)
    and nothing new is pushed: thirty flags, feedback items or comments are one notification, not thirty.
    """
    params = {key: _clean_param(value) for key, value in (params or {}).items()}
    if message and not text:
        text = _text_in(recipient.preferred_language or settings.LANGUAGE_CODE, message, params)
    text, url = _clean_text(text), _clean_url(url)
    if collapse:
        waiting = (
            Notification.objects.filter(recipient=recipient, kind=kind[:40], url=url, read_at__isnull=True)
            .order_by("-pk")
            .first()
        )
        if waiting is not None:
            Notification.objects.filter(pk=waiting.pk).update(text=text, message=message[:300], params=params)
            waiting.text, waiting.message, waiting.params = text, message[:300], params
            return waiting
    notification = _notification(recipient=recipient, kind=kind, message=message, params=params, text=text, url=url)
    notification.save()
    realtime.announce_notification(notification)
    return notification


def notify_each(*, recipients, kind: str, message: str, params: dict | None = None, url: str = "") -> list:
    """`notify` (without collapsing) for many recipients at once, e.g. the 150 followers of an event's thread: one
    INSERT, the text made once per language, every recipient's open pages told in one hop after commit."""
    params, url = {key: _clean_param(value) for key, value in (params or {}).items()}, _clean_url(url)
    texts: dict[str, str] = {}
    rows = []
    for recipient in recipients:
        language = recipient.preferred_language or settings.LANGUAGE_CODE
        if language not in texts:
            texts[language] = _clean_text(_text_in(language, message, params))
        rows.append(
            _notification(recipient=recipient, kind=kind, message=message, params=params, text=texts[language], url=url)
        )
    created = Notification.objects.bulk_create(rows)
    realtime.announce_notifications(created)
    return created


def _notification(*, recipient, kind: str, message: str, params: dict, text: str, url: str) -> Notification:
    """An unsaved notification, its columns as `notify` and `notify_each` store them."""
    kind = kind.replace("\x00", "")[:40]
    return Notification(recipient=recipient, kind=kind, message=message[:300], params=params, text=text, url=url)


def _clean_text(text: str) -> str:
    # Text often quotes what a member typed: PostgreSQL refuses NUL, and the column holds 300 characters.
    return text.replace("\x00", "")[:300]


def _clean_url(url: str) -> str:
    return url.replace("\x00", "") if len(url) <= 500 else ""  # a link cut short would lead nowhere


def _text_in(language: str, message: str, params: dict) -> str:
    with translation.override(language):
        return translation.gettext(message) % params_in_language(params, language)


def _clean_param(value):
    """A parameter as stored: text (PostgreSQL refuses NUL), or a per-language dict of texts."""
    if isinstance(value, dict):
        return {code: str(text).replace("\x00", "") for code, text in value.items()}
    return str(value).replace("\x00", "")


def in_each_language(render) -> dict[str, str]:
    """`render()` once per site language, e.g. `in_each_language(lambda: group.local_name)`: a notification
    parameter that reads in the reader's language (network.models.params_in_language)."""
    rendered = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            rendered[code] = str(render())
    return rendered


def event_title_in_each_language(event) -> dict[str, str]:
    """A network event's title as each language's readers know it (its live translations), for a notification."""
    titles = dict(
        EventPage.objects.live()
        .filter(translation_key=event.translation_key)
        .values_list("locale__language_code", "title")
    )
    return {code: titles.get(code) or event.title for code, _name in settings.LANGUAGES}


def mark_notifications_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def facilitators_group() -> Group:
    """The Wagtail group facilitators belong to: admin access to review pages and run events."""
    group, _created = Group.objects.get_or_create(name="Facilitators")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def log_role_change(*, user: User, by: User, before: dict) -> bool:
    """Log `ortaq.role_changed` (roles before and after, who did it) if `user`'s roles differ from `before`.

    `before` is `selectors.roles_of(user)` taken before the change; Wagtail's user editor calls this from the
    `after_edit_user` hook, `set_facilitator` directly. Returns whether anything changed.
    """
    after = selectors.roles_of(user)
    if after == before:
        return False
    log_actions.log(instance=user, action="ortaq.role_changed", user=by, data={"before": before, "after": after})
    return True


@transaction.atomic
def set_facilitator(*, user: User, by: User, facilitator: bool) -> User:
    """Grant or withdraw the facilitator role (the flag and the "Facilitators" admin group); admins only."""
    if not selectors.is_admin(by):
        raise PermissionDenied
    before = selectors.roles_of(user)
    user.is_facilitator = facilitator
    user.save(update_fields=["is_facilitator"])
    if facilitator:
        user.groups.add(facilitators_group())
    else:
        user.groups.remove(*Group.objects.filter(name="Facilitators"))
    log_role_change(user=user, by=by, before=before)
    return user


@transaction.atomic
def update_profile(
    *, user: User, display_name: str, school: School | None, preferred_language: str, hide_school: bool | None = None
) -> User:
    """A member changes her own name, school (and whether others read its name) and preferred language."""
    user.display_name, user.school, user.preferred_language = display_name, school, preferred_language
    if hide_school is not None:
        user.hide_school = hide_school
    user.language_chosen = True
    user.save(update_fields=["display_name", "school", "preferred_language", "hide_school", "language_chosen"])
    transaction.on_commit(lambda: public_pages_changed.send(sender=User))  # her name is on public pages
    return user


@transaction.atomic
def delete_account(*, user: User) -> User:
    """Remove a member's personal data and access: name, e-mail, password, school, regions, groups, notifications.

    The row stays (anonymised and inactive) because published case studies and forum posts point at it; they then
    show "Former member". Callers sign the member out.
    """
    user.display_name = str(_("Former member"))
    user.email = f"deleted-{user.pk}@invalid"
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = ""
    user.school = None
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.regions.clear()
    user.memberships.all().delete()
    user.notifications.all().delete()
    EmailAddress.objects.filter(user=user).delete()  # allauth's copy of the address
    transaction.on_commit(lambda: public_pages_changed.send(sender=User))  # public pages now say "Former member"
    return user


def set_share_in_statistics(*, user: User, share: bool) -> User:
    """Whether `user`'s projects count in the public figures (projects/voice); anonymous: PermissionDenied.

    The figures are public pages: after commit, cached anonymous copies are dropped (`public_pages_changed`).
    """
    if not user.is_authenticated:
        raise PermissionDenied
    user.share_in_statistics = share
    user.save(update_fields=["share_in_statistics"])
    transaction.on_commit(lambda: public_pages_changed.send(sender=User))
    return user
