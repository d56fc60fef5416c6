"""French readability (Kandel & Moles) and the syllable count under it."""

from pathlib import Path

import pytest

from articles.readability import Measure, label, measure, sentences, syllables, word_syllables, words


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("immunothérapie", 6),
        ("malade", 2),
        ("maladie", 3),
        ("cellules", 2),
        ("système", 2),
        ("oiseau", 2),
        ("réaction", 3),
        # one-letter syllables and hiatus, which a hyphenation dictionary never splits off
        ("avec", 2),
        ("été", 2),
        ("idée", 2),
        ("études", 2),
        ("protéines", 3),
        ("aérien", 3),
        ("créer", 2),
        ("naïf", 2),
        ("moyen", 2),
        ("yeux", 1),
        # qu and gu
        ("thérapeutiques", 4),
        ("éduquer", 3),
        ("guérison", 3),
        ("lorsque", 1),
        # -ent: a mute verb ending, or a spoken one
        ("visent", 1),
        ("permettent", 2),
        ("provoquent", 2),
        ("souvent", 2),
        ("fréquent", 2),
        ("patient", 2),
        ("étudient", 3),
        ("traitement", 3),
        ("médicaments", 4),
        ("forment", 1),
        ("CHIMIOTHÉRAPIE", 5),
    ],
)
def test_it_counts_spoken_french_syllables(word, expected):
    assert syllables(word) == expected


WORD_LIST = Path(__file__).with_name("french_syllables.txt")
KNOWN_MISSES = {"chaos", "client", "coefficient", "évident", "pays", "tué", "urgent"}


def test_it_counts_a_list_of_tricky_words_right_but_for_seven_known_misses_one_syllable_short():
    lines = [line.split() for line in WORD_LIST.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    expected = {word: int(count) for word, count in lines}
    assert len(expected) == 305
    misses = {word: syllables(word) - count for word, count in expected.items() if syllables(word) != count}
    assert misses == dict.fromkeys(KNOWN_MISSES, -1)


def test_an_elided_word_and_a_compound_count_as_one_word_with_all_their_syllables():
    assert words("L’immunothérapie, qu’est-ce que c’est ?") == ["L’immunothérapie,", "qu’est-ce", "que", "c’est"]
    assert word_syllables("L’immunothérapie,") == 6
    assert word_syllables("qu’est-ce") == 2


def test_a_number_or_a_word_without_vowels_counts_as_one_syllable():
    assert word_syllables("2024") == 1
    assert word_syllables("TNF") == 1


def test_it_ends_a_sentence_at_a_full_stop_a_question_or_an_exclamation_mark():
    found = sentences("Qu’est-ce qu’un vaccin ? C’est un médicament. Il protège ! Voilà…")
    assert found == [["Qu’est-ce", "qu’un", "vaccin"], ["C’est", "un", "médicament."], ["Il", "protège"], ["Voilà…"]]


def test_a_full_stop_followed_by_a_small_letter_does_not_end_a_sentence():
    assert len(sentences("Fièvre, toux, etc. et parfois des douleurs.")) == 1


def test_a_block_of_punctuation_alone_holds_no_sentence():
    assert sentences(" — ? ") == []


def test_the_score_is_kandel_and_moles_formula():
    assert Measure(words=100, sentences=5, syllables=150).score == pytest.approx(207 - 1.015 * 20 - 73.6 * 1.5)


def test_there_is_no_score_without_words():
    assert Measure().score is None
    assert label(None) == "Non mesurable"


def test_measures_add_up():
    first, second = measure([["Un", "mot."]]), measure([["Deux", "mots", "ici."]])
    assert first + second == Measure(words=5, sentences=2, syllables=6)


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (120, "Très facile"),
        (90, "Très facile"),
        (89.9, "Facile"),
        (75, "Assez facile"),
        (60, "Standard"),
        (55, "Assez difficile"),
        (30, "Difficile"),
        (29.9, "Très difficile"),
        (-15, "Très difficile"),
    ],
)
def test_it_names_flesch_bands_in_french(score, expected):
    assert label(score) == expected
