"""Open data and the printable brief: CSV, JSON and PDF made from the suppressed cube (projects/voice/selectors).

Pure functions of what they are given. The exports hold slugs and counts only; withheld cells are left out.
The JSON schema is documented in README ("Teachers' voice: open data") and versioned by `SCHEMA`.
"""

import csv
import io
import json
from datetime import date
from urllib.parse import unquote

from django.utils.translation import gettext as _
from fpdf import FPDF

from network.events.documents import FONTS as CERTIFICATE_FONTS
from projects.voice.selectors import LICENCE, LICENCE_URL, STATUSES, THRESHOLD

SCHEMA = "ortaq.teachers-voice/1"  # a name, not an address: bumped only when a field changes meaning
CSV_COLUMNS = ["year", "oblast", "district", "theme", "status", "projects"]
ALL_LABEL = "all"


def file_name(data_date: date, extension: str, *, region_slug: str = "") -> str:
    stem = f"ortaq-teachers-voice-{region_slug}-" if region_slug else "ortaq-teachers-voice-"
    return f"{stem}{data_date:%Y-%m-%d}.{extension}"


def brief_licence(data_date: date) -> str:
    return _(
        "Figures: Ortaq, licence CC BY 4.0, data as of %(date)s. Cells under %(threshold)s projects are not shown."
    ) % {"date": f"{data_date:%Y-%m-%d}", "threshold": THRESHOLD}


def to_csv(rows: list[dict], *, data_date: date) -> bytes:
    """UTF-8 with a BOM (spreadsheets then read Kazakh and Russian correctly), a header row, one count column
    (`projects`); "all" marks a total over that column. Then a blank line and the data date and licence lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                ALL_LABEL if row["year"] is None else row["year"],
                ALL_LABEL if row["oblast"] is None else row["oblast"],
                ALL_LABEL if row["district"] is None else row["district"],
                row["theme"],
                ALL_LABEL if row["status"] is None else row["status"],
                row["projects"],
            ]
        )
    # Comment lines without commas or quotes: spreadsheets show them in one cell; `comment="#"` skips them.
    out.write("\r\n")
    out.write(f"# data_date: {data_date:%Y-%m-%d}\r\n")
    out.write(f"# licence: {LICENCE} {LICENCE_URL} (attribution: Ortaq)\r\n")
    out.write(f"# cells under {THRESHOLD} projects are withheld\r\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(rows: list[dict], *, data_date: date, themes: list, regions: list) -> bytes:
    """The documented schema: stable field names, integers for counts and years, null for "all"."""
    document = {
        "schema": SCHEMA,
        "title": "Ortaq: what rural teachers are working on, by theme and oblast",
        "data_date": f"{data_date:%Y-%m-%d}",
        "licence": {"name": LICENCE, "url": LICENCE_URL, "attribution": "Ortaq"},
        "threshold": THRESHOLD,
        "statuses": STATUSES,
        "themes": [{"slug": t.slug, "name": {"en": t.name, "kk": t.name_kk, "ru": t.name_ru}} for t in themes],
        "oblasts": [{"slug": r.slug, "name": {"en": r.name, "kk": r.name_kk, "ru": r.name_ru}} for r in regions],
        "cells": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


FONTS = CERTIFICATE_FONTS  # the fonts certificates use (Kazakh, Russian)


def brief_pdf(brief: dict, *, title: str, absolute) -> bytes:
    """One A4 page: the oblast's top concerns with where they stand, and what teachers tried (published case
    studies, quoted, with their addresses). `absolute(path)` makes a full URL."""
    page = brief["page"]
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("Ortaq")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_margins(15, 15, 15)
    width = 180

    def text(value: str, size: float = 10, style: str = "", gap: float = 1.5, link: str = "") -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_x(15)
        pdf.multi_cell(width, size * 0.5, value, align="L", link=link)
        pdf.ln(gap)

    text("Ortaq", 10, "B", 1)
    text(title, 17, "B", 3)
    year = page.year if page.year != "*" else _("all years")
    text(
        _("Projects of teachers in this oblast, %(year)s. Data as of %(date)s.")
        % {"year": year, "date": page.data_date},
        9,
        gap=4,
    )
    text(_("Top concerns"), 13, "B", 2)
    if not brief["top"]:
        text(_("Not enough projects yet to publish figures (fewer than 3 per theme)."), 10)
    for row in brief["top"]:
        parts = [
            f"{label}: {c['value'] if not c['withheld'] else _('fewer than 3')}"
            for label, c in zip(page.statuses, row["statuses"], strict=True)
        ]
        text(f"{row['theme'].local_name} — {row['total']['value']}", 11, "B", 0.5)
        text("; ".join(parts), 9, gap=2.5)
    pdf.ln(2)
    text(_("What teachers tried"), 13, "B", 2)
    if not brief["tried"]:
        text(_("No case study from this oblast is published yet."), 10)
    for item in brief["tried"]:
        text(item["title"], 11, "B", 0.5)
        if item["quote"]:
            text(f"«{item['quote']}»", 9, gap=0.5)
        url = absolute(item["url"])
        text(unquote(url), 8, gap=2.5, link=url)  # readable Cyrillic, the real address behind it
    pdf.ln(3)
    text(brief_licence(page.data_date), 7)
    return bytes(pdf.output())
