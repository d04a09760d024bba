"""Demo network events (idempotent): two past poster sessions with registrations, attendance and certificates,
and one upcoming event open for registration. Kazakh pages with Russian and English translations.

Runs after `network.demo.seed()` and `cms.demo.seed()` (it needs the home pages): seed_demo calls it.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Locale, Page, Site

from network.demo import facilitators_group
from network.events import services as event_services
from network.models import EventIndexPage, EventPage, EventReportPage, Region, Registration, User

INDEX = {
    "kk": (
        "Желілік іс-шаралар",
        "<p>Постерлік сессиялар, семинарлар және онлайн кездесулер: мұғалімдер өз "
        "мектебіндегі өзгерісті көрсетіп, әріптестерінен кері байланыс алады.</p>",
    ),
    "ru": (
        "Сетевые события",
        "<p>Постерные сессии, семинары и онлайн-встречи: учителя показывают изменения "
        "в своей школе и получают обратную связь от коллег.</p>",
    ),
    "en": (
        "Network events",
        "<p>Poster sessions, seminars and online meetings where teachers show the change they "
        "led in their school and get feedback from colleagues.</p>",
    ),
}

SESSIONS = {
    "kk": [
        "Ашылу және таныстыру",
        "Постерлік сессия: 1-топ",
        "Түскі ас",
        "Постерлік сессия: 2-топ",
        "Қорытынды шеңбер",
    ],
    "ru": [
        "Открытие и знакомство",
        "Постерная сессия: группа 1",
        "Обед",
        "Постерная сессия: группа 2",
        "Итоговый круг",
    ],
    "en": [
        "Welcome and introductions",
        "Poster session: round 1",
        "Lunch",
        "Poster session: round 2",
        "Closing circle",
    ],
}

EVENTS = [
    {
        "slug": "teachers-day-almaty-2026",
        "region": "almaty",
        "tz": "Asia/Almaty",
        "start": (2026, 10, 3, 10, 0),
        "end": (2026, 10, 3, 16, 0),
        "capacity": 60,
        "hours": Decimal("6.0"),
        "venue": {
            "kk": "№3 орта мектеп, мәжіліс залы",
            "ru": "Средняя школа №3, актовый зал",
            "en": "Secondary School No. 3, assembly hall",
        },
        "town": {"kk": "Шелек", "ru": "Шелек", "en": "Shelek"},
        "online_url": "",
        "languages": {"kk": "қазақ, орыс", "ru": "казахский, русский", "en": "Kazakh, Russian"},
        "title": {
            "kk": "Мұғалімдер күні: Алматы облысындағы постерлік сессия",
            "ru": "День учителя: постерная сессия в Алматинской области",
            "en": "World Teachers' Day poster session, Almaty oblast",
        },
        "description": {
            "kk": "<p>Еңбекшіқазақ және Кербұлақ аудандарының мұғалімдері бір жыл бойы жүргізген өзгерістерін "
            "постер арқылы көрсетеді: зертханасыз жаратылыстану сабақтары, құрама сыныптарда оқу, жас "
            "мұғалімге тәлімгерлік.</p>",
            "ru": "<p>Учителя Енбекшиказахского и Кербулакского районов показывают на постерах изменения, которые "
            "они провели за год: уроки естествознания без лаборатории, чтение в малокомплектных классах, "
            "наставничество молодого учителя.</p>",
            "en": "<p>Teachers from Enbekshikazakh and Kerbulak districts show on posters the changes they led this "
            "year: science lessons without a laboratory, reading in multigrade classes, mentoring a new "
            "teacher.</p>",
        },
        "report": {
            "kk": (
                "Есеп: Алматы облысындағы постерлік сессия",
                "<p>Сегіз мектептен келген мұғалімдер он постер ұсынды. Ең көп талқыланған тақырып — "
                "құрама сыныпта оқуға деген қызығушылықты қалай сақтау.</p>",
            ),
            "ru": (
                "Отчёт: постерная сессия в Алматинской области",
                "<p>Учителя из восьми школ представили десять постеров. Больше всего обсуждали, как сохранить "
                "интерес к чтению в малокомплектном классе.</p>",
            ),
            "en": (
                "Report: poster session in Almaty oblast",
                "<p>Teachers from eight schools presented ten posters. The most discussed question was how to "
                "keep pupils reading in a multigrade class.</p>",
            ),
        },
        "teachers": range(0, 8),
    },
    {
        "slug": "teachers-day-mangystau-2026",
        "region": "mangystau",
        "tz": "Asia/Aqtau",
        "start": (2026, 10, 5, 10, 0),
        "end": (2026, 10, 5, 15, 0),
        "capacity": 40,
        "hours": Decimal("5.0"),
        "venue": {"kk": "№5 орта мектеп", "ru": "Средняя школа №5", "en": "Secondary School No. 5"},
        "town": {"kk": "Бейнеу", "ru": "Бейнеу", "en": "Beineu"},
        "online_url": "https://meet.example.org/ortaq-mangystau",
        "languages": {"kk": "қазақ", "ru": "казахский", "en": "Kazakh"},
        "title": {
            "kk": "Мұғалімдер күні: Маңғыстаудағы постерлік сессия",
            "ru": "День учителя: постерная сессия в Мангистау",
            "en": "World Teachers' Day poster session, Mangystau oblast",
        },
        "description": {
            "kk": "<p>Бейнеу және Маңғыстау аудандарының мұғалімдері жиналады; интернет тұрақсыз ауылдардағы "
            "әріптестер онлайн қосыла алады. Тақырыптар: ата-аналармен жұмыс, оқу сауаттылығы.</p>",
            "ru": "<p>Встречаются учителя Бейнеуского и Мангистауского районов; коллеги из сёл с нестабильным "
            "интернетом могут подключиться онлайн. Темы: работа с родителями, читательская грамотность.</p>",
            "en": "<p>Teachers from Beineu and Mangystau districts meet; colleagues in villages with unstable internet "
            "can join online. Themes: working with parents, reading literacy.</p>",
        },
        "report": None,
        "teachers": range(8, 16),
    },
    {
        "slug": "winter-meeting-2027",
        "region": "abai",
        "tz": "Asia/Almaty",
        "start": (2027, 2, 13, 10, 0),
        "end": (2027, 2, 13, 15, 0),
        "capacity": 40,
        "hours": Decimal("5.0"),
        "venue": {"kk": "Қарауыл орта мектебі", "ru": "Караульская средняя школа", "en": "Karaul Secondary School"},
        "town": {"kk": "Қарауыл", "ru": "Караул", "en": "Karaul"},
        "online_url": "https://meet.example.org/ortaq-winter",
        "languages": {"kk": "қазақ, орыс", "ru": "казахский, русский", "en": "Kazakh, Russian"},
        "title": {
            "kk": "Қысқы желілік кездесу: құрама сыныптарда оқу",
            "ru": "Зимняя сетевая встреча: чтение в малокомплектных классах",
            "en": "Winter network meeting: reading in multigrade classes",
        },
        "description": {
            "kk": "<p>Абай облысындағы кездесу: мұғалімдер жаңа жобаларының жоспарын көрсетеді, әріптестерінен "
            "кеңес алады. Постер әкелу міндетті емес.</p>",
            "ru": "<p>Встреча в области Абай: учителя показывают планы новых проектов и получают советы коллег. "
            "Приносить постер не обязательно.</p>",
            "en": "<p>A meeting in Abai oblast: teachers show the plans of their new projects and get advice from "
            "colleagues. Bringing a poster is optional.</p>",
        },
        "report": None,
        "teachers": range(16, 20),
    },
]


def _aware(parts, tz: str) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=ZoneInfo(tz))


def _programme(code: str) -> list:
    times, rooms = [(10, 0), (10, 30), (12, 30), (13, 30), (15, 0)], ["", "A", "", "B", ""]
    return [
        (
            "session",
            {"time": dt.time(*t), "room": room, "title": title, "presenters": "", "poster_session": n in (1, 3)},
        )
        for n, (t, room, title) in enumerate(zip(times, rooms, SESSIONS[code], strict=True))
    ]


def _translated(page: Page, locale: Locale) -> Page:
    existing = page.get_translations().filter(locale=locale).specific().first()
    return existing or page.copy_for_translation(locale)


def _index(homes: dict[str, Page], locales: dict[str, Locale]) -> dict[str, EventIndexPage]:
    kk_home = homes["kk"]
    index = EventIndexPage.objects.child_of(kk_home).filter(slug="events").first()
    if index is None:
        index = kk_home.add_child(
            instance=EventIndexPage(title=INDEX["kk"][0], slug="events", intro=INDEX["kk"][1], locale=locales["kk"])
        )
    pages = {"kk": index}
    for code in ("kk", "ru", "en"):
        page = pages.get(code) or _translated(index, locales[code])
        page.title, page.intro = INDEX[code]
        page.slug = "events"
        page.show_in_menus = True  # in the header menu (editors change it on the Promote tab)
        page.save_revision().publish()
        pages[code] = page
    return pages


def _event(spec: dict, indexes: dict, locales: dict, organiser: User) -> EventPage:
    region = Region.objects.get(slug=spec["region"])
    start, end = _aware(spec["start"], spec["tz"]), _aware(spec["end"], spec["tz"])
    shared = {
        "start": start,
        "end": end,
        "time_zone": spec["tz"],
        "region": region,
        "online_url": spec["online_url"],
        "capacity": spec["capacity"],
        "cpd_hours": spec["hours"],
        "registration_opens": dt.datetime(2026, 9, 1, tzinfo=ZoneInfo(spec["tz"])),
        "registration_closes": start - dt.timedelta(days=2),
    }
    source = EventPage.objects.child_of(indexes["kk"]).filter(slug=spec["slug"]).first()
    if source is None:
        source = indexes["kk"].add_child(
            instance=EventPage(title=spec["title"]["kk"], slug=spec["slug"], locale=locales["kk"], **shared)
        )
    for code in ("kk", "ru", "en"):
        page = source if code == "kk" else _translated(source, locales[code])
        for field, value in shared.items():
            setattr(page, field, value)
        page.title, page.slug = spec["title"][code], spec["slug"]
        page.town, page.venue, page.languages = spec["town"][code], spec["venue"][code], spec["languages"][code]
        page.description, page.programme = spec["description"][code], _programme(code)
        page.checkin_code = source.checkin_code
        page.organisers.set([organiser])
        page.save_revision().publish()
        if spec["report"]:
            _report(source, page, spec, code, locales[code])
    return source


def _report(source_event: EventPage, event: EventPage, spec: dict, code: str, locale: Locale) -> None:
    title, summary = spec["report"][code]
    source = EventReportPage.objects.child_of(source_event).filter(slug="report").first()
    if code == "kk":
        report = source or event.add_child(instance=EventReportPage(title=title, slug="report", locale=locale))
    else:
        report = _translated(source, locale)
    report.title, report.summary, report.slug = title, summary, "report"
    report.participants_count, report.presenters_count, report.schools_count = 6, 4, 4
    report.save_revision().publish()


def _facilitators_edit_events(indexes) -> None:
    """Facilitators add and edit events and reports in the admin; publishing goes through moderation."""
    group = facilitators_group()
    for index in indexes:
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )


@transaction.atomic
def seed(*, stdout=None) -> dict:
    locales = {code: Locale.objects.get(language_code=code) for code in ("kk", "ru", "en")}
    # The default site's root is the Kazakh home page (cms.demo made it); its translations are the others.
    kk_home = Site.objects.get(is_default_site=True).root_page
    homes = {code: kk_home.get_translation(locale) for code, locale in locales.items()}
    organiser = User.objects.get(email="facilitator@example.org")
    teachers = list(User.objects.filter(is_facilitator=False, is_superuser=False).order_by("pk"))
    indexes = _index(homes, locales)
    _facilitators_edit_events(indexes.values())
    events = []
    for spec in EVENTS:
        event = _event(spec, indexes, locales, organiser)
        events.append(event)
        past = event.end < dt.datetime.now(tz=ZoneInfo(spec["tz"]))
        for position, index in enumerate(spec["teachers"]):
            if index >= len(teachers):
                break
            presenting = position % 2 == 0
            registration, _created = Registration.objects.get_or_create(
                event=event,
                user=teachers[index],
                defaults={"presentation": "Постер: зертханасыз жаратылыстану сабақтары" if presenting else ""},
            )
            if past and position < 6:  # two registrants did not come
                mode = Registration.Attendance.ONLINE if position == 5 else Registration.Attendance.IN_PERSON
                event_services.mark_attendance(registration=registration, attendance=mode, by=organiser)
        if past:
            event_services.issue_certificates(event=event, by=organiser)
    if stdout:
        stdout.write(f"events: {len(events)} events in kk, ru, en with registrations and certificates")
    return {"events": events, "indexes": indexes}
