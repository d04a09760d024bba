"""The demo speaks the page's language (issue 14, item 3): on the Kazakh and Russian versions of the pages a
teacher meets, no English word is left in what the demo wrote: board and group descriptions, school names,
the project's plan, consultations, journal, evidence and the facilitator's review comment, the case study.

Heuristic: the words of Latin letters in the visible text, outside an allow-list of brand and format names (Ortaq,
QR, PDF…), e-mail and web addresses, and outside elements that say they are in another language (`lang="en"` on a
member's English post is honest: it is what she wrote). The demo is seeded once for the package (conftest.py).
"""

import re
from html.parser import HTMLParser

import pytest

from forums.models import Board
from network.models import TeacherGroup, User
from projects.models import CaseStudyPage, ProjectPage

ALLOWED = {"Ortaq", "English", "QR", "PDF", "CSV", "JSON", "zip", "UTC", "Wi", "Fi", "WhatsApp", "Kahoot"}
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|kz|com|ics|pdf|zip)\b|\d+(?:\.\d+){3}\S*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ContentInPageLanguage(HTMLParser):
    """Visible text (and alt/title/placeholder/aria-label), skipping scripts, styles and other-language elements."""

    def __init__(self, language: str):
        super().__init__()
        self.language, self.stack, self.parts = language, [], []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other = "lang" in attrs and attrs["lang"] and tag != "html" and attrs["lang"][:2] != self.language
        skip = tag in ("script", "style", "template") or bool(other)
        if not skip and not self._skipping():
            self.parts += [attrs[a] for a in ("alt", "title", "placeholder", "aria-label") if attrs.get(a)]
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def english_words(html: str, language: str) -> list[str]:
    """Latin-letter words a reader of `language` would meet in `html`, each with a little context."""
    parser = _ContentInPageLanguage(language)
    parser.feed(html)
    text = ADDRESSES.sub(" ", " ".join(" ".join(parser.parts).split()))
    text = text.replace("Creative Commons Attribution 4.0 (CC BY 4.0)", " ")  # the licence's own name
    found = []
    for match in re.finditer(r"[A-Za-z][A-Za-z'’]*", text):
        if match.group() not in ALLOWED:
            found.append(f"{match.group()!r} in …{text[max(0, match.start() - 30) : match.end() + 30]}…")
    return found


def _teachers_pages(language: str) -> dict[str, str]:
    teacher = User.objects.get(email="teacher@example.org")
    group = TeacherGroup.objects.get(memberships__user=teacher, slug="almaty-science-and-more")
    published = ProjectPage.objects.filter(lead=teacher, case_study__isnull=False).first()
    at_evidence = ProjectPage.objects.filter(lead=teacher, stage="evidence").first()
    original = CaseStudyPage.objects.get(pk=published.case_study_id)
    case_study = original.get_translations(inclusive=True).get(locale__language_code=language)
    return {
        "home": f"/{language}/",
        "profile and school": f"/{language}/my/profile/",
        "group": f"/{language}{group.get_absolute_url()[3:]}",
        "board list": f"/{language}/forums/",
        "board": f"/{language}{Board.objects.get(slug='lab-without-laboratory').get_absolute_url()[3:]}",
        "published project": f"/{language}/my/projects/{published.pk}/",
        "project with evidence": f"/{language}/my/projects/{at_evidence.pk}/",
        "case studies": f"/{language}/case-studies/",
        "case study": case_study.url,
    }


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_demo_a_kazakh_teacher_meets_has_no_english_words(demo, db, client, language):
    client.force_login(User.objects.get(email="teacher@example.org"))
    problems = {}
    for name, path in _teachers_pages(language).items():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        if words := english_words(response.content.decode(), language):
            problems[name] = words[:8]
    assert problems == {}
