"""One configured public address (ORTAQ_PUBLIC_URL) in every absolute link: e-mails, digests, .ics, certificates."""

import os
import subprocess
import sys

import icalendar
import pytest
from django.conf import settings as django_settings
from django.core import mail

from network.events import services as event_services

PUBLIC = "https://ortaq.example.kz"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.ORTAQ_PUBLIC_URL = PUBLIC


def _no_local_host(text: str) -> None:
    assert "127.0.0.1" not in text and "localhost" not in text and "testserver" not in text


@pytest.mark.django_db
def test_the_registration_email_and_its_calendar_link_to_the_public_address(
    make_event, teacher, django_capture_on_commit_callbacks
):
    event = make_event(title="Poster morning")
    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event=event, user=teacher)
    (message,) = mail.outbox
    assert f"{PUBLIC}/" in message.body and event.slug in message.body
    _no_local_host(message.body)
    ics = message.attachments[0][1]
    ics = ics if isinstance(ics, str) else ics.decode()
    (vevent,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(vevent["url"]).startswith(f"{PUBLIC}/")


@pytest.mark.django_db
def test_the_calendar_download_links_to_the_public_address(client, make_event):
    event = make_event(title="Poster morning")
    ics = client.get(f"/en/events/{event.slug}/calendar.ics").content.decode()
    (vevent,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(vevent["url"]).startswith(f"{PUBLIC}/")
    _no_local_host(ics)


def test_digests_link_to_the_public_address_by_default():
    from forums.management.commands.send_digests import Command

    parser = Command().create_parser("manage.py", "send_digests")
    assert parser.parse_args([]).base_url == PUBLIC


def test_production_refuses_to_start_without_a_public_address():
    env = {k: v for k, v in os.environ.items() if k not in ("ORTAQ_PUBLIC_URL", "DJANGO_DEBUG")}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="config.settings.base")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        timeout=60,
    )
    assert result.returncode != 0 and "ORTAQ_PUBLIC_URL" in result.stderr
