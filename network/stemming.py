"""Small suffix-stripping stemmers for Kazakh and Russian, so that inflected forms find each other in search.

PostgreSQL ships no Kazakh stemmer and SQLite none at all. Both the indexed text and the query go through
`stems()` with the same language, so "мектеп", "мектептер", "мектепте", "мектептің" and "МЕКТЕП" all become
"мектеп", and "учитель", "учителя", "учителей" become "учител". Stems may over-reach ("мұғалім" -> "мұғал"): what
matters is that every form of a word is cut to the same stem, on both sides.
"""

import re

from django.utils.html import strip_tags

WORD = re.compile(r"\w+", re.UNICODE)
KAZAKH_LETTERS = set("әғқңөұүһі")
VOWELS = set("аәеёиоөуұүыіэюя")

# Kazakh noun endings, stripped outermost first: case, then possession, then plural (мектеп-тер-іміз-де).
_KK_CASE = (
    "ындағы індегі ының інің ында інде ынан інен ымен імен ына іне сына сіне нікі дікі тікі "
    "дағы дегі тағы тегі ндағы ндегі "
    "ның нің дың дің тың тің "
    "нан нен дан ден тан тен "
    "мен бен пен "
    "ға ге қа ке "
    "да де та те нда нде "
    "ны ні ды ді ты ті"
).split()
_KK_POSSESSIVE = "ымыз іміз мыз міз ыңыз іңіз ңыз ңіз сы сі ым ім ың ің".split()
_KK_PLURAL = "лар лер дар дер тар тер".split()
_KK_SHORT = "а е ы і н м ң".split()  # one-letter endings: only on long enough words
# A voiced final consonant is the mutated form of a voiceless one before a vowel: мектебі -> мектеп.
_KK_MUTATION = str.maketrans({"б": "п", "г": "к", "ғ": "қ"})

_RU_ENDINGS = sorted(
    (
        "иями ями ами ыми ими ого его ому ему ыми ими ией ией иях ях ах ов ев ей ом ем ам ям ою ею ию ия ие ий ый ой "
        "ая яя ое ее ые ие ую юю ешь ишь ете ите ют ут ят ат ит ет ть ти ся сь ь а я ы и у ю е о й"
    ).split(),
    key=len,
    reverse=True,
)


def _strip_one(word: str, endings: list[str], *, min_stem: int) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= min_stem:
            return word[: -len(ending)]
    return word


def stem_kk(word: str) -> str:
    """мектептеріміздегі -> мектеп; мектебі -> мектеп; мұғалімдер -> мұғал (consistently)."""
    for group in (_KK_CASE, _KK_POSSESSIVE, _KK_PLURAL, _KK_POSSESSIVE):
        word = _strip_one(word, sorted(group, key=len, reverse=True), min_stem=3)
    if len(word) >= 5:
        word = _strip_one(word, _KK_SHORT, min_stem=4)
    return word[:-1] + word[-1].translate(_KK_MUTATION) if word else word


def stem_ru(word: str) -> str:
    """учителя, учителей, учитель -> учител; школами, школе -> школ."""
    word = word.replace("ё", "е")
    word = _strip_one(word, _RU_ENDINGS, min_stem=3)
    return word[:-1] if word.endswith("ь") and len(word) > 3 else word


def stem(word: str, language: str) -> str:
    """The search stem of one word: Kazakh letters mean Kazakh; other Cyrillic follows `language`; Latin is folded."""
    word = word.casefold()
    if not any("а" <= ch <= "я" or ch in "ёәғқңөұүһі" for ch in word):
        return word
    if KAZAKH_LETTERS & set(word) or language == "kk":
        return stem_kk(word)
    return stem_ru(word)


def stems(text: str, language: str) -> list[str]:
    """The stems of every word in `text` (HTML removed), in order, duplicates kept out."""
    seen: dict[str, None] = {}
    for word in WORD.findall(strip_tags(text or "")):
        if len(word) > 1:
            seen.setdefault(stem(word, language), None)
    return list(seen)


def stem_text(text: str, language: str) -> str:
    """`stems()` as one space-separated string, the shape search indexes take."""
    return " ".join(stems(text, language))


class StemmedSearchMixin:
    """A Wagtail page whose search index also holds the stems of its text (`index.SearchField("search_stems")`).

    The query side (cms.selectors.search_pages) adds the stems of the words typed, so an inflected form finds the
    page on every database backend, in the page's own language.
    """

    def search_stems(self) -> str:
        from django.core.exceptions import FieldDoesNotExist
        from wagtail.search import index

        parts = [self.title, getattr(self, "search_description", "")]
        for search_field in self.search_fields:
            name = getattr(search_field, "field_name", "")
            if not isinstance(search_field, index.SearchField) or name in ("title", "search_stems"):
                continue
            value = getattr(self, name, None)
            if value in (None, "") or callable(value):
                continue
            try:
                model_field = self._meta.get_field(name)
            except FieldDoesNotExist:
                model_field = None
            if hasattr(model_field, "get_searchable_content"):  # rich text and StreamFields, as Wagtail indexes them
                parts.extend(str(text) for text in model_field.get_searchable_content(value))
            else:
                parts.append(str(value))
        return stem_text(" ".join(filter(None, parts)), self.locale.language_code)


SQLITE_STEMS = "ortaq_stems"  # SQL function: ortaq_stems(text, language) -> " stem1 stem2 … "


def _sqlite_stems(text, language):
    return f" {stem_text(text or '', language or 'kk')} "


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give each SQLite connection `ortaq_stems()`: SQLite's LIKE folds only ASCII, so Cyrillic needs our help."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_STEMS, 2, _sqlite_stems, deterministic=True)


def tsquery(words: list[str], language: str) -> str:
    """A raw PostgreSQL tsquery: every word, as itself or by its stem, as a prefix ("(мектептер:* | мектеп:*) & …")."""
    parts = []
    for word in words:
        options = dict.fromkeys(w for w in (word.casefold(), stem(word, language)) if WORD.fullmatch(w))
        if options:
            parts.append("(" + " | ".join(f"{w}:*" for w in options) + ")")
    return " & ".join(parts)
