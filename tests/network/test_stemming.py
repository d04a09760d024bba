"""The Kazakh and Russian stemmers cut every form of a word to the same stem (issue 14, item 4)."""

import pytest

from network.stemming import stem, tsquery

# Real word forms as teachers type them: case, possession and plural endings, consonant mutation, capitals.
FORMS = [
    ("kk", "мектеп мектептер мектепте мектептің МЕКТЕП мектебі мектепке мектептен мектептерде мектебіне"),
    ("kk", "зертхана зертханада зертханаға зертхананың зертханалар зертханасы"),
    ("kk", "мұғалім мұғалімдер мұғалімге мұғалімнің мұғалімдерге"),
    ("kk", "оқушы оқушылар оқушыларға оқушының Оқушылар"),
    ("kk", "сабақ сабағы сабақтар сабақта сабаққа сабақтың"),
    ("kk", "керосинлампа КЕРОСИНЛАМПА керосинлампаны"),
    ("ru", "учитель учителя учителей учителям учителями учителю УЧИТЕЛЬ"),
    ("ru", "школа школы школе школу школами школ"),
    ("ru", "урок уроки уроков уроке"),
]


@pytest.mark.parametrize(("language", "forms"), FORMS, ids=[forms.split()[0] for _, forms in FORMS])
def test_every_form_of_a_word_has_one_stem(language, forms):
    assert len({stem(word, language) for word in forms.split()}) == 1, {w: stem(w, language) for w in forms.split()}


def test_different_words_keep_different_stems():
    words = "мектеп мұғалім оқушы сабақ бала кітап зертхана".split()
    assert len({stem(w, "kk") for w in words}) == len(words)


def test_kazakh_letters_choose_the_kazakh_stemmer_on_a_russian_page():
    assert stem("мұғалімдер", "ru") == stem("мұғалім", "ru") == stem("мұғалім", "kk")


def test_english_is_only_folded_and_the_postgres_query_is_a_prefix_match():
    assert stem("Laboratory", "en") == "laboratory"
    assert tsquery(["мектептер", "сабақ"], "kk") == "(мектептер:* | мектеп:*) & (сабақ:*)"
    assert tsquery(["учителя"], "ru") == "(учителя:* | учител:*)"
