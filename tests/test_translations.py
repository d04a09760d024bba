"""Every app's Kazakh and Russian catalogue is complete and really translated."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")


def entries(path: Path):
    """(msgid, [msgstr…], fuzzy) for each entry after the header; a small reader, enough for our files."""
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if "msgid" in fields and fields["msgid"]:
            strs = [value for name, value in fields.items() if name.startswith("msgstr")]
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
