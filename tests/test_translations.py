"""Every app's Kazakh and Russian catalogue is complete and really translated."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
APP_CATALOGUES = sorted(BASE.glob("*/locale/*/LC_MESSAGES/django.po"))
# locale/ (LOCALE_PATHS): the project's Kazakh/Russian for Django, allauth and Wagtail strings, checked first.
CATALOGUES = APP_CATALOGUES + sorted(BASE.glob("locale/*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")


def entries(path: Path, *, with_context: bool = False):
    """(msgid, [msgstr…], fuzzy) for each entry after the header; a small reader, enough for our files.

    `with_context`: (msgctxt, msgid, [msgstr…], fuzzy) instead.
    """
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if "msgid" in fields and fields["msgid"]:
            strs = [value for name, value in fields.items() if name.startswith("msgstr")]
            if with_context:
                yield fields.get("msgctxt"), fields["msgid"], strs, "#, fuzzy" in block
            else:
                yield fields["msgid"], strs, "#, fuzzy" in block


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalogue_is_complete_and_compiles(path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_translations_are_not_english_copies_and_keep_placeholders(path):
    copies, broken = [], []
    for msgid, msgstrs, _fuzzy in entries(path):
        for msgstr in msgstrs:
            words = re.sub(PLACEHOLDER, "", msgid)
            if msgstr == msgid and len(re.findall(r"[A-Za-z]{3,}", words)) >= 2:
                copies.append(msgid)
            if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr)) and "%d" not in msgid:
                broken.append(msgid)
    assert not copies, f"English copies in {path}: {copies[:5]}"
    assert not broken, f"placeholders changed in {path}: {broken[:5]}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_one_msgid_means_one_thing_across_apps_or_carries_a_msgctxt(language):
    """Django merges the apps' catalogues and the first app in INSTALLED_APPS wins: the same msgid translated
    differently in two apps shows one app's wording in the other ("Цитата" on a "Quote" button)."""
    seen: dict[tuple, dict[str, tuple]] = {}
    for path in APP_CATALOGUES:
        if path.parts[-3] != language:
            continue
        app = path.relative_to(BASE).parts[0]
        for context, msgid, msgstrs, _fuzzy in entries(path, with_context=True):
            seen.setdefault((context, msgid), {})[app] = tuple(msgstrs)
    clashes = {key[1]: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert not clashes, f"same msgid, different {language} translations (unify them or add msgctxt): {clashes}"


# Template text outside the catalogue: literal words left after removing template tags, translated blocks,
# comments, scripts, markup and text marked with another language (lang="en", lang="ru").
_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_TRANSLATED = re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
_UNREAD = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|<!--.*?-->|<(script|style)\b.*?</\1>"
    r"|<(\w+)[^>]*\blang=\"(?:en|ru)\"[^>]*>.*?</\2>"
    r"|{%\s*block\s+(?:body_class|og_type)\s*%}.*?{%\s*endblock\s*%}",
    re.S,
)
_ATTRIBUTE_TEXT = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"{]*)"')
BRANDS = {"Ortaq", "PDF"}  # names, not English words
TEMPLATES = sorted(
    p for p in BASE.glob("**/templates/**/*.html") if not {".venv", "node_modules", "staticfiles"} & set(p.parts)
)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(BASE)))
def test_templates_have_no_english_words_outside_the_catalogue(path):
    source = _UNREAD.sub(" ", _TRANSLATED.sub(" ", path.read_text(encoding="utf-8")))
    text = re.sub(r"<[^>]*>", " ", _TAG.sub(" ", source)) + " " + " ".join(_ATTRIBUTE_TEXT.findall(source))
    words = set(re.findall(r"\b[A-Za-z]{3,}\b", text)) - BRANDS
    assert not words, f"{path}: English outside {{% translate %}}: {sorted(words)}"


# Dates: named formats (config/formats/<lang>/formats.py) or machine formats only; never a hand-made order.
_DATE_FILTER = re.compile(r"\|(?:date|time):[\"']([^\"']*)[\"']")
NAMED_OR_MACHINE = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
    "c",
    r"Y-m-d\TH:i:sO",  # <time datetime>: ISO 8601 to the second ("c" adds microseconds, invalid there)
    "Y-m-d",
    "Y",
    "O",
    "U",
    "H:i",
}
# ISO order (%Y-%m-%d, %Y%m%d…) is for machines (CSV, slugs, file names); day or month first is for people.
_PYTHON_DATE = re.compile(r"strftime\(|:%[dmbBaA][^\"']*}")
PYTHON_SOURCES = sorted(
    p for p in BASE.glob("*/**/*.py") if not {".venv", "tests", "migrations", "bench"} & set(p.relative_to(BASE).parts)
)


def test_dates_in_templates_and_code_go_through_the_formats():
    found = [
        f"{path.relative_to(BASE)}: {fmt}"
        for path in TEMPLATES + sorted(p for p in BASE.glob("**/templates/**/*.txt") if ".venv" not in p.parts)
        for fmt in _DATE_FILTER.findall(path.read_text(encoding="utf-8"))
        if fmt not in NAMED_OR_MACHINE
    ]
    found += [
        f"{path.relative_to(BASE)}: {match.group(0)}"
        for path in PYTHON_SOURCES
        for match in _PYTHON_DATE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, f"dates formatted by hand (use a named format or network.localdates): {found}"
