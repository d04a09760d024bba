"""The people and things every security test needs: one of each role (rules.ROLES) and their groups."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from wagtail.models import Page

from cms import demo as cms_demo
from cms.models import StandardPage
from network import demo as network_demo
from projects.posters import services as poster_services
from tests import shared
from tests.factories import FacilitatorFactory, MembershipFactory, SchoolFactory, TeacherGroupFactory, UserFactory


def seed_site() -> dict:
    """The public site. A transactional test on PostgreSQL starts without Wagtail's root page (a migration made it)."""
    from wagtail.models import Locale

    if Page.get_first_root_node() is None:
        Locale.objects.get_or_create(language_code="kk")
        Page.add_root(instance=Page(title="Root", slug="root"))
    return cms_demo.seed()


@pytest.fixture
def world(_world_rows):
    """A group with its facilitator, two members and a co-leader; another group with its own facilitator; an admin.

    `co_leader` is a member of `group` today; when projects merge, make them co-lead a project of `group`
    and add that project here (`extra`), so the rules can name project URLs.

    Built once per module (tests.shared, exclusive: a database test without `world` never sees it) for ordinary
    tests, afresh for each transactional one; each test gets fresh instances of its rows, so one that changes an
    object in memory changes only its own copy (the database part is undone by the test's savepoint).
    """
    cache.clear()  # rate-limit counters of earlier tests must not decide these

    def fresh(obj):
        return type(obj)._base_manager.get(pk=obj.pk) if isinstance(obj, models.Model) else obj

    return SimpleNamespace(
        **{
            name: {key: fresh(item) for key, item in value.items()} if isinstance(value, dict) else fresh(value)
            for name, value in vars(_world_rows).items()
        }
    )


def build_world() -> SimpleNamespace:
    homes = seed_site()["homes"]
    facilitators = network_demo.facilitators_group()  # as seed_demo does: facilitators may open the admin
    facilitator = FacilitatorFactory(display_name="Gulnara Sadykova")
    other_facilitator = FacilitatorFactory(display_name="Yerlan Nurpeisov")
    facilitator.groups.add(facilitators)
    other_facilitator.groups.add(facilitators)
    group = TeacherGroupFactory(facilitator=facilitator, name="Almaty rural teachers")
    other_group = TeacherGroupFactory(facilitator=other_facilitator, name="Mangystau teachers")
    teacher = UserFactory(display_name="Aigerim Bekova")
    co_leader = UserFactory(display_name="Zhauhar Omarbek")
    other_teacher = UserFactory(display_name="Marat Abenov")
    MembershipFactory(group=group, user=teacher)
    MembershipFactory(group=group, user=co_leader)
    MembershipFactory(group=other_group, user=other_teacher)
    admin = UserFactory(display_name="Admin", is_staff=True, is_superuser=True, school=None)
    proposed_school = SchoolFactory(name="Taushyk Basic School", is_confirmed=False, proposed_by=teacher)
    standard_page = homes["kk"].add_child(
        instance=StandardPage(title="Тексеру беті", slug="matrix-page", body="<p>Ortaq</p>")
    )
    project_things = seed_projects(homes, teacher=teacher, co_leader=co_leader, group=group)
    event_things = seed_events(homes, facilitator=facilitator, teacher=teacher)
    poster_things = seed_posters(event=event_things["event"], project=project_things["project"], teacher=teacher)
    forum_things = seed_forums(
        group=group, teacher=teacher, co_leader=co_leader, case_study=project_things["case_study"]
    )
    return SimpleNamespace(
        users={
            "anonymous": None,
            "teacher": teacher,
            "other_teacher": other_teacher,
            "co_leader": co_leader,
            "facilitator": facilitator,
            "other_facilitator": other_facilitator,
            "admin": admin,
        },
        group=group,
        other_group=other_group,
        proposed_school=proposed_school,
        homes=homes,
        pages={
            "cms.HomePage": homes["kk"],
            "cms.StandardPage": standard_page,
            "wagtailcore.Page": Page.get_first_root_node(),
            **project_things.pop("pages"),
            **event_things.pop("pages"),
        },
        extra={**project_things, **event_things, **poster_things, **forum_things},
    )


_world_rows = shared.part("_world_rows", build_world, exclusive=True)


def seed_projects(homes, *, teacher, co_leader, group) -> dict:
    """A project of `group` led by `teacher` with `co_leader`, in review, with a private poster and evidence photo;
    a published case study of it; an upload `teacher` started in pieces."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from network.uploads import clean_image, clean_image_or_pdf
    from projects import services
    from projects.models import CaseStudyIndexPage, ProjectIndexPage
    from tests.factories import make_case_study
    from tests.security.corpus import image_bytes

    services.ensure_site_structure()
    project = services.create_project(
        user=teacher,
        title="Зертхана қорапта",
        subject="science",
        language="kk",
        group=group,
        co_leaders=[co_leader],
        values="Әр бала тәжірибе жасай алады.",
        concern="Мектебімізде жаратылыстану сабақтарына зертхана жоқ.",
    )
    photo = clean_image(SimpleUploadedFile("pupils.png", image_bytes("PNG")), stem="evidence")
    evidence = services.add_evidence(
        project=project, user=teacher, kind="photo", description="Оқушылар", consent=True, upload=photo
    )
    poster = clean_image_or_pdf(SimpleUploadedFile("poster.png", image_bytes("PNG")), stem="poster")
    services.set_poster_upload(project=project, user=teacher, upload=poster)
    services.update_writeup(
        project=project,
        user=teacher,
        writeup="Қораптан зертхана жасадық.",
        consent_pupils=True,
        consent_publish=True,
        hide_school=False,
    )
    services.submit_project(project=project, user=teacher)  # in review: the facilitator's review page is open
    case_index = CaseStudyIndexPage.objects.get(locale__language_code="kk")
    case_study = make_case_study(index=case_index, title="Зертхана қорапта: нәтиже", project=project)
    chunked = services.start_chunked_upload(project=project, user=teacher, size=10)
    consultation = services.add_consultation(
        project=project, user=teacher, role="head", who="Директор", said="Көріңіз", date=timezone.localdate()
    )
    journal = services.add_journal_entry(project=project, user=teacher, date=timezone.localdate(), text="Бірінші күн")
    return {
        "project": project,
        "consultation": consultation,
        "journal": journal,
        "evidence": evidence,
        "case_study": case_study,
        "chunked_upload": chunked,
        "pages": {
            "projects.ProjectIndexPage": ProjectIndexPage.objects.get(),
            "projects.ProjectPage": project,
            "projects.CaseStudyIndexPage": case_index,
            "projects.CaseStudyPage": case_study,
        },
    }


CHECKIN_CODE = "MATRX2"


def seed_events(homes, *, facilitator, teacher) -> dict:
    """A Kazakh event organised by `facilitator` starting in an hour (registration and check-in open),
    `teacher` registered; its report; a certificate `teacher` holds."""
    from datetime import timedelta

    from django.utils import timezone

    from network.models import Certificate, EventIndexPage, EventPage, EventReportPage, Registration

    index = homes["kk"].add_child(instance=EventIndexPage(title="Іс-шаралар", slug="events", locale=homes["kk"].locale))
    _facilitators_edit_events(index)
    start = timezone.now() + timedelta(hours=1)
    event = index.add_child(
        instance=EventPage(
            title="Шелектегі постер сессиясы",
            slug="poster-session",
            locale=index.locale,
            start=start,
            end=start + timedelta(hours=6),
            town="Шелек",
            cpd_hours=6,
            checkin_code=CHECKIN_CODE,
        )
    )
    event.organisers.set([facilitator])
    event.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    report = event.add_child(
        instance=EventReportPage(title="Есеп", slug="report", locale=index.locale, participants_count=12)
    )
    registration = Registration.objects.create(event=event, user=teacher, presentation="Зертхана қорапта")
    certificate = Certificate.objects.create(
        event=event, holder=teacher, kind=Certificate.Kind.PARTICIPATION, hours=6, issued_by=facilitator
    )
    return {
        "event": event,
        "registration": registration,
        "certificate": certificate,
        "pages": {"network.EventIndexPage": index, "network.EventPage": event, "network.EventReportPage": report},
    }


def _facilitators_edit_events(index) -> None:
    """As seed_demo does (network/demo_events.py): facilitators add and edit events in the admin, so they have page
    rights somewhere and the admin's search, reports and histories are open to them (and must not leak projects)."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    from network import demo as network_demo

    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=network_demo.facilitators_group(),
            page=index,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


def seed_posters(*, event, project, teacher) -> dict:
    """The event's poster session: `project`'s poster accepted at board 1; another of teacher's posters offered
    (waiting for a decision); a third of teacher's projects with a poster not offered yet."""
    from projects import services
    from projects.models import PosterPresentation

    def template_project(title):
        other = services.create_project(user=teacher, title=title, subject="science", language="kk")
        return services.set_poster_template(project=other, user=teacher, poster_concern="Мәселе", poster_did="Әрекет")

    accepted = PosterPresentation.objects.create(
        event=event, project=project, presenter=teacher, status=PosterPresentation.Status.ACCEPTED, board_number=1
    )
    offered = poster_services.offer_poster(event=event, project=template_project("Оқу бұрышы"), user=teacher)
    return {"accepted_poster": accepted, "offered_poster": offered, "spare_project": template_project("Ата-аналар")}


def seed_forums(*, group, teacher, co_leader, case_study) -> dict:
    """A public theme board and the private board of `group`, each with a thread `teacher` started (its first post
    is teacher's) and a reply by `co_leader`; co_leader flagged teacher's post on the private board; co_leader gave
    feedback on the case study, which `teacher` presents (its owner)."""
    from forums import services
    from forums.models import Board

    public_board = Board.objects.create(kind=Board.Kind.THEME, slug="matrix-theme", title="Көптілді сынып")
    public_thread = services.create_thread(
        board=public_board, author=teacher, title="Біріктірілген сынып", body="Үш сынып бір бөлмеде: кеңес керек."
    )
    services.ensure_group_boards(groups=[group])
    group_board = Board.objects.get(group=group)
    group_thread = services.create_thread(
        board=group_board, author=teacher, title="Интернет жоқ кезде", body="Сабақты офлайн қалай өткіземіз?"
    )
    group_post = group_thread.posts.order_by("pk").first()
    services.create_post(thread=group_thread, author=co_leader, body="Флешкамен таратамыз.")
    flag = services.flag_post(post=group_post, reporter=co_leader, reason="Тексеру")
    case_study.owner = teacher
    case_study.save(update_fields=["owner"])
    feedback = services.give_feedback(page=case_study, author=co_leader, works_well="Қорап идеясы өте жақсы.")
    return {
        "public_board": public_board,
        "public_thread": public_thread,
        "public_post": public_thread.posts.order_by("pk").first(),
        "group_board": group_board,
        "group_thread": group_thread,
        "group_post": group_post,
        "flag": flag,
        "feedback": feedback,
    }
