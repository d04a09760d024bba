"""Field validators shared by the apps' forms."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def single_line(value: str) -> None:
    """Refuse line breaks in a one-line field (titles): they end up in e-mail subjects and log lines."""
    if any(char in LINE_BREAKS for char in value or ""):
        raise ValidationError(_("Please keep this on one line."), code="line_break")


def single_line_title(page) -> None:
    """A Wagtail page's `clean()`: its title on one line (the admin's form then shows the error at the title)."""
    try:
        single_line(page.title)
    except ValidationError as error:
        raise ValidationError({"title": error}) from None


# Spreadsheet programs run a cell starting with one of these as a formula (=HYPERLINK(…), +cmd, -2+3, @SUM, tab).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading formula character gets an apostrophe (OWASP)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
