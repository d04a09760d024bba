"""The Nu HTML Checker (vnu-jar from the npm registry, run by Debian's Java) finds no error on the public and
signed-in pages of the demo site. Marked `audit`: deselected unless asked for (`make audit`, or `-m audit`), skipped
when the jar is absent. The pages are rendered with the test client and written to files the checker reads."""

import json
import os
import shutil
import subprocess  # nosec B404: runs the checker the project installs, no shell
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.audit, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parent.parent
JAR = Path(os.environ.get("ORTAQ_VNU_JAR", ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))

PUBLIC = [
    "/kk/",
    "/ru/",
    "/en/case-studies/",
    "/en/events/",
    "/en/forums/",
    "/en/search/?q=laboratory",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


def _urls() -> tuple[list[str], list[str]]:
    """Public pages (anonymous) and signed-in pages (the demo teacher), in English."""
    from forums.models import Thread
    from network.models import Certificate, EventPage, User
    from projects.models import CaseStudyPage, ProjectPage

    teacher = User.objects.get(email="teacher@example.org")
    with translation.override("en"):
        case_studies = CaseStudyPage.objects.live().filter(locale__language_code="en")
        case_study = case_studies.exclude(poster_image=None).first() or case_studies.first()
        event = EventPage.objects.live().filter(locale__language_code="en").first()
        thread = Thread.objects.filter(board__group=None).order_by("pk").first()
        public = [*PUBLIC, case_study.url, event.url, thread.get_absolute_url()]
        certificate = Certificate.objects.order_by("pk").first()
        if certificate is not None:
            public.append(f"/certificates/{certificate.code}/")
        project = ProjectPage.objects.filter(lead=teacher).order_by("pk").first()
        group = teacher.teacher_groups.first()
        signed_in = [
            reverse("projects:dashboard"),
            reverse("projects:detail", args=[project.pk]),
            reverse("forums:feedback", args=[project.pk]),
            reverse("network:group_detail", args=[group.slug]),
            reverse("network:profile"),
            reverse("network:notification_list"),
            reverse("forums:notification_settings"),
        ]
    return public, signed_in


def test_the_pages_have_no_html_errors(tmp_path):
    if not JAR.exists() or shutil.which("java") is None:
        pytest.skip(f"Nu HTML Checker not installed ({JAR}; `make audit` installs it with npm) or no java")
    call_command("seed_demo", verbosity=0)
    public, signed_in = _urls()
    client = Client()
    responses = [(url, client.get(url, HTTP_ACCEPT_LANGUAGE="en")) for url in public]
    client.force_login(get_user_model().objects.get(email="teacher@example.org"))
    responses += [(url, client.get(url, HTTP_ACCEPT_LANGUAGE="en")) for url in signed_in]
    saved = {"display_name": "Aigerim Bekova", "school": "", "preferred_language": "en"}  # a page with a message
    responses.append(("profile saved", client.post(signed_in[4], saved, follow=True)))
    files = {}
    for number, (url, response) in enumerate(responses):
        assert response.status_code == 200, url
        path = tmp_path / f"page-{number:02d}.html"
        path.write_bytes(response.content)
        files[path.as_uri()] = url
    assert len(files) >= 15
    checked = subprocess.run(  # nosec B603: fixed arguments, files we wrote
        [
            "java",
            "-jar",
            str(JAR),
            "--format",
            "json",
            "--stdout",
            "--errors-only",
            *sorted(map(str, tmp_path.iterdir())),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stdout or "{}").get("messages", [])
    errors = [
        f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '')}]"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, f"{len(errors)} HTML errors on {len(files)} pages:\n" + "\n".join(errors)
