"""Dates, times, numbers and time zones read the way Kazakh and Russian write them (issue 14, item 1)."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from cms import demo as cms_demo
from network.events import services as event_services
from network.models import EventIndexPage, EventPage, Registration

UTC = dt.UTC
START = dt.datetime(2027, 2, 13, 5, 0, tzinfo=UTC)  # 10:00 in Almaty (UTC+5 since 2024)


@pytest.fixture
def event_in(db):
    """`event_in("kk")`: an event page on the Kazakh (or Russian) site, 13 February 2027, 10:00–16:00 Almaty."""
    if Page.get_first_root_node() is None:
        Locale.objects.get_or_create(language_code="kk")
        Page.add_root(instance=Page(title="Root", slug="root"))
    homes = cms_demo.seed()["homes"]

    def make(code: str, **fields) -> EventPage:
        locale = Locale.objects.get(language_code=code)
        index = homes[code].add_child(instance=EventIndexPage(title="Іс-шаралар", slug=f"events-{code}", locale=locale))
        values = {
            "title": "Постер сессиясы",
            "slug": f"poster-{code}",
            "start": START,
            "end": START + dt.timedelta(hours=6),
        }
        values |= {"time_zone": "Asia/Almaty", "town": "Шелек", "cpd_hours": 6, **fields}
        return EventPage.objects.get(pk=index.add_child(instance=EventPage(locale=locale, **values)).pk)

    return make


def test_kazakh_event_page_writes_year_first_lowercase_month_24_hour_and_the_zone_in_kazakh(client, event_in):
    html = client.get(event_in("kk").url).content.decode()
    assert "2027 жылғы 13 ақпан, 10:00</time>" in html and ">16:00</time>" in html
    assert "Алматы уақыты (UTC+5)" in html
    assert "Asia/Almaty" not in html and "Т.Ж." not in html and "Ақп." not in html


def test_russian_event_page_writes_genitive_month_and_the_zone_in_russian(client, event_in):
    html = client.get(event_in("ru", time_zone="Asia/Aqtau").url).content.decode()
    assert "13 февраля 2027 г., 10:00" in html
    assert "Время Актау (UTC+5)" in html


def test_certificate_shows_cpd_hours_with_a_decimal_comma(client, event_in, admin_user, facilitator, teacher):
    event = event_in("kk", start=timezone.now() - dt.timedelta(days=2), cpd_hours="6.5")
    event.end = event.start + dt.timedelta(hours=6)
    event.save()
    event.organisers.set([facilitator])
    Registration.objects.create(event=event, user=teacher, attendance="in_person")
    certificate, *_ = event_services.issue_certificates(event=event, by=admin_user)
    html = client.get(f"/certificates/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert re.search(r"<dd>6,5</dd>", html), html


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("kk", ["2026 жылғы 1 желтоқсан", "01.12.2026", "14:30", "1 234,5"]),
        ("ru", ["1 декабря 2026 г.", "01.12.2026", "14:30", "1\xa0234,5"]),
        ("en", ["1 December 2026", "01.12.2026", "14:30", "1,234.5"]),
    ],
)
def test_named_formats_never_fall_back_to_us_order(code, expected):
    template = Template(
        '{% load l10n %}{{ when|date:"DATE_FORMAT" }}|{{ when|date:"SHORT_DATE_FORMAT" }}|{{ when|time:"TIME_FORMAT" }}'
        "|{{ number|floatformat:'1g' }}"
    )
    when = dt.datetime(2026, 12, 1, 14, 30)
    with translation.override(code):
        rendered = template.render(Context({"when": when, "number": 1234.5}))
    for part in expected:
        assert part.replace(" ", "\xa0") in rendered.replace(" ", "\xa0"), rendered


@pytest.mark.parametrize(("code", "expected"), [("kk", "1\xa0ай, 2\xa0апта"), ("ru", "1\xa0месяц, 2\xa0недели")])
def test_relative_times_are_kazakh_and_russian_not_english(code, expected):
    now = timezone.now()
    with translation.override(code):
        rendered = Template("{{ then|timesince:now }}").render(
            Context({"then": now - dt.timedelta(days=45), "now": now})
        )
    assert rendered == expected, rendered
    with translation.override("kk"):
        assert (
            Template("{{ then|timesince:now }}").render(Context({"then": now - dt.timedelta(minutes=6), "now": now}))
            == "6\xa0минут"
        )


def test_sign_up_form_explains_a_short_password_in_kazakh(client, db):
    response = client.post(
        "/accounts/signup/?lang=kk",
        {"email": "new@example.org", "password1": "qz7", "password2": "qz7", "display_name": "Айгүл"},
    )
    html = response.content.decode()
    assert "Your password" not in html and "This password is too short" not in html
    assert "Құпиясөз тым қысқа" in html
