"""Dates, times, numbers and time zones the way the reader's language writes them.

Templates use Django's named formats (`|date:"DATETIME_FORMAT"`, config/formats/<lang>/formats.py); Python code
that builds text outside a template (PDF certificates, .ics descriptions, e-mails) calls these helpers, so a
Kazakh reader always sees "2027 жылғы 13 ақпан, 10:00", "6,5" and "Алматы уақыты (UTC+5)".
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

# The zones events are held in, by the city that names them.
ZONE_NAMES = {
    "Asia/Almaty": _("Almaty time"),
    "Asia/Aqtau": _("Aqtau time"),
    "Asia/Qyzylorda": _("Qyzylorda time"),
    "Asia/Oral": _("Oral time"),
    "Asia/Aqtobe": _("Aqtobe time"),
}


def utc_offset(when: datetime) -> str:
    """ "UTC+5", "UTC+5:30", "UTC−3" for an aware datetime."""
    offset = when.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(zone: str, when: datetime) -> str:
    """ "Алматы уақыты (UTC+5)": the zone's city in the active language and its offset at `when`."""
    local = localtime(when, ZoneInfo(zone))
    name = ZONE_NAMES.get(zone, zone)
    return f"{name} ({utc_offset(local)})"


def local_datetime(when: datetime, zone: str | None = None, *, short: bool = False) -> str:
    """The reader's DATETIME_FORMAT (or SHORT_DATETIME_FORMAT) in `zone` (default: the current time zone)."""
    value = localtime(when, ZoneInfo(zone)) if zone else localtime(when)
    return formats.date_format(value, "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT")


def local_date(value, *, short: bool = False) -> str:
    """The reader's DATE_FORMAT (or SHORT_DATE_FORMAT) for a date, or a datetime in its own zone."""
    return formats.date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")


def local_number(value: Decimal | float | int, decimal_pos: int | None = None) -> str:
    """6,5 in kk/ru, 6.5 in en; whole numbers lose a trailing ",0" ("6" CPD hours, not "6,0")."""
    if isinstance(value, Decimal) and decimal_pos is None and value == value.to_integral_value():
        value = int(value)
    return formats.number_format(value, decimal_pos, use_l10n=True)
