"""Fixtures for projects: the site's pages, a project with a co-leader, every role of the permission matrix."""

import io

import pytest
from django.utils import translation
from PIL import Image

from cms import demo as cms_demo
from cms.models import HomePage
from projects import services
from projects.models import Theme
from tests import shared
from tests.conftest import ensure_wagtail_root
from tests.factories import FacilitatorFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def english():
    """Tests read English: reverse() gives /en/ URLs, and the pages answer in English."""
    with translation.override("en"):
        yield


def _build_site_pages() -> dict[str, int]:
    ensure_wagtail_root()
    homes = cms_demo.seed()["homes"]
    services.ensure_site_structure()
    return {code: home.pk for code, home in homes.items()}


_site_pages_ids = shared.part("_site_pages_ids", _build_site_pages)


@pytest.fixture
def site_pages(_site_pages_ids):
    """Home pages in kk/ru/en, the private project area, case-study indexes and the review workflow (built once per
    module: tests.shared)."""
    return {code: HomePage.objects.get(pk=pk) for code, pk in _site_pages_ids.items()}


@pytest.fixture
def themes(db):
    return {
        slug: Theme.objects.get_or_create(slug=slug, defaults={"name": name, "name_kk": kk, "name_ru": ru})[0]
        for slug, name, kk, ru in [
            (
                "practical-work",
                "Practical and laboratory work",
                "Практикалық және зертханалық жұмыс",
                "Практические и лабораторные работы",
            ),
            ("reading", "Reading", "Оқу сауаттылығы", "Чтение"),
        ]
    }


@pytest.fixture
def co_leader(group):
    user = UserFactory(display_name="Dana Tulegenova")
    MembershipFactory(group=group, user=user)
    return user


@pytest.fixture
def other_facilitator(db):
    return FacilitatorFactory(display_name="Serik Zhaksylykov")


@pytest.fixture
def project(site_pages, teacher, co_leader, group, themes):
    return services.create_project(
        user=teacher,
        title="A laboratory in a box",
        subject="science",
        language="en",
        group=group,
        themes=[themes["practical-work"]],
        co_leaders=[co_leader],
        values="Every child can do science.",
        concern="Our school has no laboratory for science lessons.",
    )


def ready_to_submit(project, user):
    return services.update_writeup(
        project=project,
        user=user,
        writeup="We built a laboratory from boxes.\n\nPupils now do experiments every week.",
        consent_pupils=True,
        consent_publish=True,
        hide_school=False,
    )


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 80, 40), **save_kwargs) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **save_kwargs)
    return out.getvalue()


def pdf_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (420, 594), (240, 240, 230)).save(out, "PDF", resolution=72)
    return out.getvalue()
