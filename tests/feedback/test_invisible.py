import pytest

from feedback.invisible import invisible_characters, reveal

EMOJI = [
    pytest.param("👩‍⚕️", id="health-worker"),
    pytest.param("👩🏽‍⚕️", id="skin-tone"),
    pytest.param("👨‍👩‍👧", id="family"),
    pytest.param("🏳️‍🌈", id="rainbow-flag"),
    pytest.param("❤️‍🔥", id="heart-on-fire"),
    pytest.param("🐈‍⬛", id="black-cat"),
    pytest.param("🙂‍↔️", id="head-shaking"),
    pytest.param("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", id="flag-of-scotland"),
    pytest.param("\U0001fae8", id="emoji-newer-than-pythons-tables"),
    pytest.param("☺︎ texte et ✔️", id="variation-selectors"),
]


@pytest.mark.parametrize("text", EMOJI)
def test_it_lets_ordinary_emoji_through(text):
    assert invisible_characters(f"Merci {text} !") == []


def test_it_lets_tabs_line_breaks_and_accents_through():
    assert invisible_characters("Première ligne\n\tSeconde ligne : « très clair », déjà lu.") == []


def test_it_lets_the_letter_just_after_the_non_characters_through():
    assert invisible_characters("\ufdf0") == []


HIDDEN = [
    pytest.param("\u202e", id="right-to-left-override"),
    pytest.param("\u2066", id="left-to-right-isolate"),
    pytest.param("\u2069", id="pop-directional-isolate"),
    pytest.param("\u200b", id="zero-width-space"),
    pytest.param("\ufeff", id="byte-order-mark"),
    pytest.param("\u00ad", id="soft-hyphen"),
    pytest.param("\u200d", id="joiner-between-letters"),
    pytest.param("\U000e0067", id="tag-outside-a-flag"),
    pytest.param("\ufdd0", id="non-character-fdd0"),
    pytest.param("\ufdef", id="non-character-fdef"),
    pytest.param("\uffff", id="non-character-ffff"),
    pytest.param("\U0001fffe", id="non-character-1fffe"),
    pytest.param("\x1b", id="escape"),
    pytest.param("\x85", id="c1-control"),
    pytest.param("\ud800", id="lone-surrogate"),
    # Letters and symbols that draw nothing: the usual way round a filter of format characters.
    pytest.param("\u3164", id="hangul-filler"),
    pytest.param("\u115f", id="hangul-choseong-filler"),
    pytest.param("\u1160", id="hangul-jungseong-filler"),
    pytest.param("\uffa0", id="halfwidth-hangul-filler"),
    pytest.param("\u2800", id="braille-blank"),
    pytest.param("\u034f", id="combining-grapheme-joiner"),
]


@pytest.mark.parametrize("char", HIDDEN)
def test_it_finds_characters_a_reader_cannot_see(char):
    assert invisible_characters(f"mot{char}caché") == [char]


def test_it_lists_each_hidden_character_once_in_the_order_found():
    assert invisible_characters("a\u202eb\u200bc\u202ed") == ["\u202e", "\u200b"]


def test_a_joiner_after_an_emoji_but_before_a_letter_is_hidden():
    assert invisible_characters("👍\u200dok") == ["\u200d"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\u200d👍 merci", id="at-the-start"),
        pytest.param("merci 👍\u200d", id="at-the-end"),
        pytest.param("\u200d", id="alone"),
    ],
)
def test_a_joiner_with_nothing_on_one_side_is_hidden(text):
    assert invisible_characters(text) == ["\u200d"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("é\u200dé", id="accented-letters"),
        pytest.param("«\u200d»", id="quotation-marks"),
        pytest.param("+\u200d=", id="ascii-math-symbols"),
        pytest.param("^\u200d`", id="ascii-modifier-symbols"),
    ],
)
def test_a_joiner_between_characters_that_are_not_emoji_is_hidden(text):
    assert invisible_characters(text) == ["\u200d"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\U0001fae8\u200d🔥", id="newer-emoji-then-emoji"),
        pytest.param("🔥\u200d\U0001fae8", id="emoji-then-newer-emoji"),
        pytest.param("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f\u200d🔥", id="after-a-flag"),
        pytest.param("🔥\u200d🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", id="before-a-flag"),
    ],
)
def test_a_joiner_between_two_emoji_is_allowed_whatever_the_emoji(text):
    assert invisible_characters(text) == []


def test_reveal_writes_each_hidden_character_as_its_code_and_leaves_the_rest_alone():
    assert reveal("a\u202eb\u200bc\u202e, 👩\u200d⚕️ merci") == "a[U+202E]b[U+200B]c[U+202E], 👩\u200d⚕️ merci"
    assert reveal("\U000e0067\ufeff") == "[U+E0067][U+FEFF]"
    assert reveal("Très clair.") == "Très clair."
