"""Which language a member wrote in (issue 14, item 6): user content in another language than the page's is marked
with `lang` (network_tags `lang_attr`), so screen readers, hyphenation and search read it right."""

from django.conf import settings
from django.utils import translation

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
SITE_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def guess_language(text: str, default: str = "") -> str:
    """The language of `text` by its letters: mostly Latin is English; Cyrillic with Kazakh letters (ә, ғ, қ…) is
    Kazakh, a longer Cyrillic text without any is Russian. A short text without a telling letter ("Рахмет!") and
    one without letters take `default` (the page the member wrote on), else the active language."""
    default = default if default in SITE_LANGUAGES else (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    latin = cyrillic = kazakh = 0
    for char in text:
        if char.isascii():
            latin += char.isalpha()
        elif "\u0400" <= char <= "\u04ff":
            cyrillic += 1
            kazakh += char in KAZAKH_LETTERS
    if latin > cyrillic:
        return "en"
    if kazakh:
        return "kk"
    if cyrillic >= 20 or (cyrillic and default == "en"):
        return "ru"
    return default
