"""Files made from events: iCalendar (.ics) for calendars and e-mails, PDF certificates.

Pure functions of what they are given (no writes); the fonts are bundled so Kazakh and Russian render anywhere.
"""

import logging
from pathlib import Path

import icalendar
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from fpdf import FPDF

from network import links, localdates
from network.models import Certificate, EventPage

FONTS = Path(__file__).resolve().parent / "fonts"
# fpdf2 subsets fonts with fontTools, which logs every glyph table at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def event_calendar(events: list[EventPage], *, request=None) -> bytes:
    """A VCALENDAR with one VEVENT per event, times in the event's own zone (with its VTIMEZONE)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Ortaq//Network events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Ortaq network events"))
    for event in events:
        vevent = icalendar.Event()
        # One UID per event across its translations, so a calendar keeps a single entry.
        vevent.add("uid", f"event-{event.translation_key}@ortaq")
        vevent.add("dtstamp", timezone.now())
        vevent.add("dtstart", event.local_start)
        vevent.add("dtend", event.local_end)
        vevent.add("summary", event.title)
        place = ", ".join(p for p in [event.venue, event.town, event.region.local_name if event.region else ""] if p)
        if place or event.online_url:
            vevent.add("location", place or event.online_url)
        url = links.absolute_url(event.url) if event.url else ""
        if url:
            vevent.add("url", url)
        description = strip_tags(event.description or "").strip()
        vevent.add("description", "\n\n".join(p for p in [description, event.online_url, url] if p))
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def certificate_sentence(certificate: Certificate, *, event_title: str) -> str:
    """What the holder did, as ONE sentence per kind with the event's name in it: languages put the verb in
    different places (kk "«…» желілік іс-шарасында баяндама жасады": the verb after the name)."""
    if certificate.kind == Certificate.Kind.PRESENTATION:
        return _("presented their work at the network event “%(event)s”") % {"event": event_title}
    return _("took part in the network event “%(event)s”") % {"event": event_title}


def certificate_pdf(certificate: Certificate, *, event_title: str, verify_url: str) -> bytes:
    """A one-page landscape A4 certificate in the active language."""
    event = certificate.event
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(certificate.get_kind_display())
    pdf.set_author("Ortaq")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(11, 93, 107)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    width = 257

    def line(text: str, size: int, style: str = "", gap: float = 4) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_x(20)
        pdf.multi_cell(width, size * 0.5, text, align="C")
        pdf.ln(gap)

    pdf.set_y(30)
    line("Ortaq", 14, "B", 6)
    line(certificate.get_kind_display(), 26, "B", 10)
    if certificate.is_revoked:
        pdf.set_text_color(138, 42, 11)
        line(_("REVOKED"), 20, "B", 6)
        pdf.set_text_color(0, 0, 0)
    line(_("This certifies that"), 13)
    line(certificate.holder.get_full_name(), 22, "B", 6)
    line(certificate_sentence(certificate, event_title=event_title), 16, "B", 6)
    line(f"{localdates.local_date(event.local_start, short=True)} · {event.town or event.online_url}", 13)
    line(_("CPD hours: %(hours)s") % {"hours": localdates.local_number(certificate.hours)}, 13, gap=14)
    line(_("Verify this certificate at %(url)s") % {"url": verify_url}, 10, gap=2)
    line(_("Code: %(code)s") % {"code": certificate.code}, 10)
    return bytes(pdf.output())
