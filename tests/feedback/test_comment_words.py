"""What the duplicate check compares: the words of a comment, not how they were typed."""

import pytest

from feedback.limits import comment_words


@pytest.mark.parametrize(
    ("typed", "again"),
    [
        ("Très bien.", "tres bien"),
        ("Très bien !", "TRÈS BIEN"),
        ("Super article", "Super\u200b article"),
        ("Super article", "Su\u200dper ar\u00adticle\u2060\ufeff"),
        ("Super article", "  Super \n\t article  "),
        ("Super article", "Super\u00a0article"),
        ("Très clair", "Tre\u0301s clair"),
        ("Très fine", "ｔｒèｓ ﬁne"),
        ("Straße", "strasse"),
        ("l’article", "l'article"),
        ("Merci. Bravo", "Merci.Bravo"),
        ("« Clair »… merci !!!", "clair merci"),
    ],
)
def test_these_variants_count_as_the_same_comment(typed, again):
    assert comment_words(typed) == comment_words(again)


@pytest.mark.parametrize(
    ("typed", "other"),
    [
        ("Très bien", "Très mal"),
        ("Lu 2 fois", "Lu 3 fois"),
        ("Super 👍", "Super 👎"),
        ("Clair", "Clairs"),
    ],
)
def test_a_different_word_number_or_symbol_is_a_different_comment(typed, other):
    assert comment_words(typed) != comment_words(other)


def test_it_reads_as_lower_case_words_without_accents_or_punctuation():
    assert comment_words(" Très\u200b  BIEN, merci ! ") == "tres bien merci"


@pytest.mark.parametrize("typed", ["", "   ", "...", "\u200b\u200b", "!? ;"])
def test_a_comment_without_words_is_empty(typed):
    assert comment_words(typed) == ""
