"""Reads and permission decisions for projects and case studies.

Who sees what (the tests in tests/projects/test_permissions.py check every cell):

| who                          | view | edit | submit | approve | evidence files |
|------------------------------|------|------|--------|---------|----------------|
| anonymous                    |  no  |  no  |   no   |   no    |      no        |
| lead, co-leader              | yes  | yes  |  yes   |   no    |      yes       |
| other teacher in the group   | yes  |  no  |   no   |   no    |      no        |
| teacher in another group     |  no  |  no  |   no   |   no    |      no        |
| the group's facilitator      | yes  |  no  |   no   |  yes    |      yes       |
| another facilitator          |  no  |  no  |   no   |   no    |      no        |
| admin                        | yes  | yes  |   no   |  yes    |      yes       |
"""

from datetime import timedelta

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Locale, WorkflowState

from network import event_selectors
from network import selectors as network_selectors
from network.models import EventPage, Registration, TeacherGroup, User
from projects.models import (
    CaseStudyPage,
    GalleryWalk,
    GalleryWalkVisitor,
    PosterPresentation,
    ProjectComment,
    ProjectPage,
    Stage,
    Theme,
)

IDLE_AFTER = timedelta(days=30)
CARD_RENDITION = "fill-480x320|format-webp"  # the poster thumbnail on case-study cards


def _is_leader(user: User, project: ProjectPage) -> bool:
    if not user.is_authenticated:
        return False
    if project.lead_id == user.pk:
        return True
    return any(leader.pk == user.pk for leader in project.co_leaders.all())


def _facilitates(user: User, project: ProjectPage) -> bool:
    """The facilitator of the project's group; for a project without a group, a facilitator of her region."""
    if not (user.is_authenticated and network_selectors.is_facilitator(user)):
        return False
    if project.group_id:
        return project.group.facilitator_id == user.pk
    return bool(project.school_id) and user.facilitated_groups.filter(region_id=project.school.region_id).exists()


def list_project_facilitators(*, project: ProjectPage) -> list[User]:
    """Who reviews `project`: its group's facilitator, or without a group the facilitators of its region."""
    if project.group_id:
        return [project.group.facilitator]
    region_id = project.school.region_id if project.school_id else None
    return network_selectors.list_region_facilitators(region_id=region_id)


def looks_after(*, user: User, project: ProjectPage) -> bool:
    """The facilitator who reviews the project (its group's, or without a group her region's) and admins."""
    return network_selectors.is_admin(user) or _facilitates(user, project)


def can_view_project(*, user: User, project: ProjectPage) -> bool:
    """Leaders, members of the project's teacher group, its facilitator and admins; nobody else."""
    if not user.is_authenticated:
        return False
    if network_selectors.is_admin(user) or _is_leader(user, project) or _facilitates(user, project):
        return True
    return bool(project.group_id) and network_selectors.is_group_member(user=user, group_id=project.group_id)


def can_edit_project(*, user: User, project: ProjectPage) -> bool:
    """The lead and co-leaders (and admins); facilitators comment and review but do not edit."""
    return network_selectors.is_admin(user) or _is_leader(user, project)


def can_view_evidence_files(*, user: User, project: ProjectPage) -> bool:
    """Evidence may show pupils: only leaders, the group's facilitator and admins open the files."""
    return network_selectors.is_admin(user) or _is_leader(user, project) or _facilitates(user, project)


def can_view_private_poster(*, user: User, project: ProjectPage) -> bool:
    """An unpublished poster is seen by whoever may view the project."""
    return can_view_project(user=user, project=project)


def can_comment(*, user: User, project: ProjectPage) -> bool:
    """Whoever may view the project comments on it: leaders, group colleagues, the group's facilitator, admins."""
    return can_view_project(user=user, project=project)


def review_state(*, project: ProjectPage) -> WorkflowState | None:
    """The case study's active workflow state (in review or needing changes), if any."""
    if not project.case_study_id:
        return None
    return (
        WorkflowState.objects.active()
        .filter(base_content_type__model="page", object_id=str(project.case_study_id))
        .select_related("current_task_state")
        .first()
    )


def is_in_review(*, project: ProjectPage) -> bool:
    state = review_state(project=project)
    return bool(state and state.status == WorkflowState.STATUS_IN_PROGRESS)


def can_prepare_submission(*, user: User, project: ProjectPage) -> bool:
    """Only the lead and co-leaders open the submission form: they give the consent for their pupils.
    Admins may edit a project but never consent on a teacher's behalf."""
    return _is_leader(user, project)


def can_submit(*, user: User, project: ProjectPage) -> bool:
    """Leaders submit a written-up, consented project that is not already in review or published."""
    if not _is_leader(user, project):
        return False
    if project.stage == Stage.PUBLISHED or is_in_review(project=project):
        return False
    return bool(project.writeup.strip()) and project.consent_publish


def can_approve(*, user: User, project: ProjectPage) -> bool:
    """The project's group facilitator (or an admin) reviews a project while it is in review."""
    if not (network_selectors.is_admin(user) or _facilitates(user, project)):
        return False
    return is_in_review(project=project)


def can_translate_case_study(*, user: User, page: CaseStudyPage) -> bool:
    """A leader of the project behind the case study, its group's facilitator, or an admin."""
    if not user.is_authenticated:
        return False
    if network_selectors.is_admin(user):
        return True
    project = page.project
    return project is not None and (_is_leader(user, project) or _facilitates(user, project))


def _project_queryset() -> QuerySet[ProjectPage]:
    return (
        ProjectPage.objects.select_related(
            "lead", "school", "school__region", "group", "group__facilitator", "case_study"
        )
        .prefetch_related("co_leaders", "themes")
        .order_by("-last_activity_at", "-pk")
    )


def get_project(*, pk: int) -> ProjectPage:
    return _project_queryset().get(pk=pk)


def list_projects_for_dashboard(*, user: User) -> QuerySet[ProjectPage]:
    """Projects `user` leads or co-leads, most recently active first, with everything the cards show."""
    if not user.is_authenticated:
        return ProjectPage.objects.none()
    return _project_queryset().filter(Q(lead=user) | Q(co_leaders=user)).distinct()


def list_projects_for_group(*, group: TeacherGroup) -> QuerySet[ProjectPage]:
    """Every project of the group's members (for its facilitator), most recently active first."""
    return _project_queryset().filter(group=group)


def is_idle(project: ProjectPage) -> bool:
    return project.stage != Stage.PUBLISHED and timezone.now() - project.last_activity_at > IDLE_AFTER


def list_review_queue(*, user: User) -> QuerySet[ProjectPage]:
    """Projects in review whose group `user` facilitates, and those without a group from her groups' regions
    (all for admins)."""
    groups = network_selectors.list_managed_groups(user=user)
    in_review = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type__model="page"
    ).values_list("object_id", flat=True)
    ids = [int(pk) for pk in in_review]
    regions = groups.exclude(region=None).values("region_id")
    without_group = Q(group=None) if network_selectors.is_admin(user) else Q(group=None, school__region__in=regions)
    return _project_queryset().filter(Q(group__in=groups) | without_group, case_study_id__in=ids)


def list_comments(*, project: ProjectPage) -> QuerySet[ProjectComment]:
    return project.comments.select_related("author")


def list_themes() -> QuerySet[Theme]:
    return Theme.objects.all()


def list_case_studies(
    *, language: str, theme=None, region=None, subject="", written_in="", year=None, **_ignored
) -> QuerySet[CaseStudyPage]:
    """Live case studies, one per story: in `language` where translated, otherwise in the language it was written in.

    Filters: theme (Theme), region (Region), subject, written_in (language code), year. Loads region, themes
    and poster up front so the list costs the same for 1 or 100 results.
    """
    locale = Locale.objects.filter(language_code=language).first()
    pages = CaseStudyPage.objects.live().public()
    if locale is not None:
        translated_here = CaseStudyPage.objects.live().filter(
            locale=locale, translation_key=OuterRef("translation_key")
        )
        pages = pages.filter(
            Q(locale=locale) | (Q(locale__language_code=F("original_language")) & ~Exists(translated_here))
        )
    if theme:
        pages = pages.filter(themes=theme)
    if region:
        pages = pages.filter(region=region)
    if subject:
        pages = pages.filter(subject=subject)
    if written_in:
        pages = pages.filter(original_language=written_in)
    if year:
        pages = pages.filter(date__year=year)
    return (
        pages.select_related("region", "locale")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.all()),
            Prefetch("poster_image", queryset=get_image_model().objects.prefetch_renditions(CARD_RENDITION)),
        )
        .order_by("-date", "-pk")
        .distinct()
    )


def list_case_study_years() -> list[int]:
    return sorted({d.year for d in CaseStudyPage.objects.live().values_list("date", flat=True)}, reverse=True)


def list_translations(*, page: CaseStudyPage) -> list[CaseStudyPage]:
    """Live versions of this case study in every language (this one included), by language order."""
    pages = list(page.get_translations(inclusive=True).live().select_related("locale").specific())
    return sorted(pages, key=lambda p: ["kk", "ru", "en"].index(p.locale.language_code))


def list_feed_case_studies(limit: int = 30, language: str | None = None) -> QuerySet[CaseStudyPage]:
    """The latest live, public case studies; with `language`, only those published in it."""
    pages = CaseStudyPage.objects.live().public().select_related("locale")
    if language:
        pages = pages.filter(locale__language_code=language)
    return pages.order_by("-first_published_at")[:limit]


# --- Posters at network events ----------------------------------------------------------------------


def list_event_posters(*, event) -> QuerySet[PosterPresentation]:
    """Accepted posters of an event (any language version of it), by board number: the gallery and the live room."""
    return (
        PosterPresentation.objects.filter(event=event.registration_event, status=PosterPresentation.Status.ACCEPTED)
        .select_related("project", "presenter", "project__school__region", "project__school__district__region")
        .order_by(F("board_number").asc(nulls_last=True), "pk")
    )


def accepted_presentations_of(*, project: ProjectPage) -> QuerySet[PosterPresentation]:
    """Where a project's poster is (or was) shown: the events that accepted it."""
    return PosterPresentation.objects.filter(project=project, status=PosterPresentation.Status.ACCEPTED).select_related(
        "event"
    )


def is_presented_at_an_event(*, project: ProjectPage) -> bool:
    """An accepted poster is public (its event's gallery shows it), so its feedback is public too."""
    return accepted_presentations_of(project=project).exists()


def is_poster_public(*, project: ProjectPage) -> bool:
    """A poster is public once its case study is published or an event accepted it: then its feedback page (the
    poster's QR code) is open to everyone; before, to whoever may view the project (`can_view_project`)."""
    published = project.stage == Stage.PUBLISHED and project.case_study_id and project.case_study.live
    return bool(published) or is_presented_at_an_event(project=project)


# Who may do what in an event's poster session (tests/projects/test_poster_session.py, tests/security/rules.py):
#
# | who                                       | offer / withdraw | accept, decline, assign | labels, plan | gallery |
# |-------------------------------------------|------------------|-------------------------|--------------|---------|
# | anyone, no account                        |       no         |           no            |      no      |   yes   |
# | a confirmed registrant leading a project  |  before the start|           no            |      no      |   yes   |
# |   with a poster (lead or co-leader)       |  (withdraw: until|                         |              |         |
# |                                           |   a decision)    |                         |              |         |
# | the event's organising facilitators, admin|       no         |          yes            |     yes      |   yes   |


def school_label(*, project: ProjectPage, language: str | None = None) -> str:
    """The school as public pages show it (in `language`, default the project's): by name, or only as
    "a rural school in <region>" when the teacher chose `hide_school`. Needs `school__region` loaded."""
    school = project.school
    if school is None:
        return ""
    with translation.override(language or project.language):
        if project.hide_school:
            return _("a rural school in %(region)s") % {"region": school.region.local_name}
        return f"{school.name}, {school.region.local_name}"


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
        .select_related("project", "presenter", "project__school__region")
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
