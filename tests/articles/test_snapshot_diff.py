import copy
import random
import re
from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from articles.snapshot_diff import Kind, compare, word_diff

A, B, C, D = (f"0000000{n}-0000-4000-8000-000000000000" for n in range(1, 5))


def section(key: str, heading: str, body: str = "Un texte.", level: int = 2, read_also: int | None = None) -> dict:
    return {"key": key, "heading": heading, "level": level, "body": body, "read_also": read_also}


def snapshot(*sections: dict, **fields: str) -> dict:
    base = {"title": "L’immunothérapie", "slug": "immunotherapie", "introduction": "Intro.", "conclusion": "Fin."}
    return {**base, **fields, "sections": list(sections)}


ABCD = snapshot(section(A, "Alpha"), section(B, "Bravo"), section(C, "Charlie"), section(D, "Delta"))


def kinds(comparison) -> list[tuple[str, Kind]]:
    return [(s.new_heading or s.old_heading, s.kind) for s in comparison.sections]


def read(html: str) -> str:
    """The text as a screen reader or a copy-paste gets it: hidden words included, tags gone."""
    return BeautifulSoup(html, "html.parser").get_text()


def test_identical_snapshots_have_no_changes():
    comparison = compare(ABCD, copy.deepcopy(ABCD), {})
    assert not comparison.has_changes
    assert comparison.fields == ()
    assert kinds(comparison) == [
        ("Alpha", "unchanged"),
        ("Bravo", "unchanged"),
        ("Charlie", "unchanged"),
        ("Delta", "unchanged"),
    ]


def test_a_reorder_without_text_change_is_a_move_not_a_change():
    new = snapshot(section(D, "Delta"), section(A, "Alpha"), section(B, "Bravo"), section(C, "Charlie"))
    comparison = compare(ABCD, new, {})
    assert kinds(comparison) == [
        ("Delta", "moved"),
        ("Alpha", "unchanged"),
        ("Bravo", "unchanged"),
        ("Charlie", "unchanged"),
    ]
    delta = comparison.sections[0]
    assert (delta.old_position, delta.new_position) == (4, 1)
    assert not delta.changed and not delta.body_changed
    assert delta.body_diff == "Un texte."


def test_swapping_two_sections_reports_one_move():
    new = snapshot(section(B, "Bravo"), section(A, "Alpha"), section(C, "Charlie"), section(D, "Delta"))
    assert [s.moved for s in compare(ABCD, new, {}).sections].count(True) == 1


def test_a_section_is_followed_by_its_key_not_its_heading_or_place():
    new = snapshot(section(A, "Alpha"), section("e", "Bravo"), section(C, "Charlie"), section(D, "Delta"))
    assert kinds(compare(ABCD, new, {})) == [
        ("Alpha", "unchanged"),
        ("Bravo", "added"),
        ("Charlie", "unchanged"),
        ("Delta", "unchanged"),
        ("Bravo", "removed"),
    ]


def test_added_sections_are_told_apart_from_moved_ones_and_removed_ones_come_last():
    new = snapshot(section(C, "Charlie"), section("e", "Echo"), section(A, "Alpha"), section(D, "Delta"))
    comparison = compare(ABCD, new, {})
    assert kinds(comparison) == [
        ("Charlie", "moved"),
        ("Echo", "added"),
        ("Alpha", "unchanged"),
        ("Delta", "unchanged"),
        ("Bravo", "removed"),
    ]
    echo, bravo = comparison.sections[1], comparison.sections[4]
    assert echo.added and not echo.moved and (echo.old_position, echo.new_position) == (None, 2)
    assert bravo.removed and (bravo.old_position, bravo.new_position) == (2, None)
    assert read(echo.body_diff) == "[ajout : Un texte.]"
    assert read(bravo.body_diff) == "[suppression : Un texte.]"


def test_a_section_moved_and_edited_carries_both_facts():
    new = snapshot(
        section(B, "Bravo"), section(C, "Charlie"), section(D, "Delta"), section(A, "Alpha", "Un autre texte.")
    )
    alpha = compare(ABCD, new, {}).sections[-1]
    assert alpha.kind == "moved"
    assert alpha.moved and alpha.changed and alpha.body_changed


def test_a_heading_change_is_a_word_diff_of_the_heading():
    new = snapshot(section(A, "Alpha"), section(B, "Bravo bis"), section(C, "Charlie"), section(D, "Delta"))
    bravo = compare(ABCD, new, {}).sections[1]
    assert bravo.kind == "changed"
    assert bravo.heading_changed and not bravo.level_changed and not bravo.body_changed
    assert read(bravo.heading_diff) == "Bravo[ajout :  bis]"


def test_a_level_change_is_a_change():
    new = snapshot(section(A, "Alpha"), section(B, "Bravo", level=3), section(C, "Charlie"), section(D, "Delta"))
    bravo = compare(ABCD, new, {}).sections[1]
    assert bravo.kind == "changed" and bravo.level_changed
    assert (bravo.old_level, bravo.new_level) == (2, 3)


def test_a_teaser_change_names_both_articles_and_falls_back_to_the_number():
    old = snapshot(section(A, "Alpha", read_also=7), section(B, "Bravo"), section(C, "Charlie", read_also=8))
    new = snapshot(section(A, "Alpha", read_also=9), section(B, "Bravo", read_also=8), section(C, "Charlie"))
    titles = {8: "Les vaccins", 9: "Les allergies"}
    alpha, bravo, charlie = compare(old, new, titles).sections
    assert (alpha.teaser.old, alpha.teaser.new) == ("article n° 7", "Les allergies")
    assert (bravo.teaser.old, bravo.teaser.new) == (None, "Les vaccins")
    assert (charlie.teaser.old, charlie.teaser.new) == ("Les vaccins", None)
    assert all(s.kind == "changed" for s in (alpha, bravo, charlie))


def test_only_the_fields_that_changed_are_listed_with_french_labels():
    new = {**ABCD, "title": "L’immunothérapie expliquée", "slug": "immunotherapie-expliquee"}
    fields = compare(ABCD, new, {}).fields
    assert [(f.name, f.label) for f in fields] == [("title", "Titre"), ("slug", "Adresse")]
    assert read(fields[0].diff) == "L’immunothérapie[ajout :  expliquée]"
    assert read(fields[1].diff) == "[suppression : immunotherapie][ajout : immunotherapie-expliquee]"


def test_words_are_marked_with_hidden_words_for_screen_readers():
    html = word_diff("Le traitement est long", "Le traitement reste très long")
    assert isinstance(html, SafeString)
    assert html == (
        "Le traitement "
        '<del><span class="visually-hidden">[suppression : </span>est<span class="visually-hidden">]</span></del>'
        '<ins><span class="visually-hidden">[ajout : </span>reste très<span class="visually-hidden">]</span></ins>'
        " long"
    )


def test_neighbouring_changed_words_share_one_mark():
    html = word_diff("le traitement dure", "la thérapie dure")
    assert html.count("<del>") == 1 and html.count("<ins>") == 1
    assert read(html) == "[suppression : le traitement][ajout : la thérapie] dure"


def test_a_changed_letter_marks_the_whole_word():
    assert read(word_diff("Les anticorps anti-PD-1 agissent", "Les anticorps anti-PD-L1 agissent")) == (
        "Les anticorps [suppression : anti-PD-1][ajout : anti-PD-L1] agissent"
    )


def test_markup_typed_in_a_text_is_shown_as_text():
    old = snapshot(section(A, "Alpha", "Texte."))
    new = snapshot(section(A, "<b>Alpha</b>", 'Texte. <script>alert("x")</script>'))
    comparison = compare(old, new, {})
    alpha = comparison.sections[0]
    assert "<script" not in alpha.body_diff and "<b>" not in alpha.heading_diff
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in alpha.body_diff
    assert read(alpha.body_diff) == 'Texte.[ajout :  <script>alert("x")</script>]'
    assert "<script" not in render_to_string("articles/admin/_comparison.html", {"comparison": comparison})


def test_an_unchanged_text_is_shown_as_it_is_even_with_markup():
    assert word_diff("a  <b>", "a  <b>", context=12) == "a  &lt;b&gt;"


def test_a_doubled_space_is_no_change_but_a_new_paragraph_is_one():
    assert word_diff("un  mot", "un mot") == "un mot"
    respaced = snapshot(section(A, "Alpha  bis", "Un  texte."), section(B, "Bravo", "Un\n\ntexte."))
    alpha, bravo = compare(snapshot(section(A, "Alpha bis"), section(B, "Bravo")), respaced, {}).sections
    assert alpha.kind == "unchanged" and not alpha.heading_changed and not alpha.body_changed
    assert bravo.kind == "changed" and bravo.body_changed
    html = word_diff("un mot", "un\n\nmot")
    assert read(html).startswith("un[suppression : ␣espace ][ajout : ¶nouveau paragraphe")
    assert 'nouveau paragraphe</span>\n\n<span class="visually-hidden">]</span></ins>mot' in html


def test_an_added_paragraph_is_marked_whole_between_the_blank_lines():
    html = word_diff("Premier.\n\nDernier.", "Premier.\n\nAu milieu.\n\nDernier.")
    assert html.startswith("Premier.\n\n<ins>")
    assert html.endswith('Au milieu.<span class="visually-hidden">]</span></ins>\n\nDernier.')


def test_long_unchanged_runs_are_cut_down_to_twelve_words_around_a_change():
    words = [f"m{n}" for n in range(60)]
    edited = [*words[:30], "X", *words[31:]]
    text = read(word_diff(" ".join(words), " ".join(edited), context=12))
    kept = " ".join(words[18:30]) + " [suppression : m30][ajout : X] " + " ".join(words[31:43])
    assert text == f"[…][passage inchangé omis] {kept} […][passage inchangé omis]"


def test_short_unchanged_runs_are_not_cut():
    words = [f"m{n}" for n in range(20)]
    text = read(word_diff(" ".join(words), " ".join(["X", *words[1:]]), context=12))
    assert "[…]" not in text


@pytest.mark.parametrize("text", ["", "Qu'est-ce que l’immunothérapie ?\n\n- un\n- deux\r\n", "a\t b  «c» 3,5 % <p>"])
def test_the_diff_keeps_every_character_of_the_new_text(text):
    html = word_diff(f"Avant {text} après", f"Début {text} fin")
    without_deletions = re.sub(r"<del>.*?</del>", "", html, flags=re.DOTALL)
    without_hidden_words = re.sub(r'<span class="visually-hidden">.*?</span>', "", without_deletions)
    assert unescape(re.sub(r"<[^>]+>", "", without_hidden_words)) == f"Début {text} fin"


def test_two_sections_with_one_key_are_refused():
    with pytest.raises(ValueError, match="même clé"):
        compare(snapshot(section(A, "Alpha"), section(A, "Bravo")), ABCD, {})


def test_the_admin_partial_says_in_french_what_happened_to_each_section():
    old = snapshot(
        section(A, "Alpha"),
        section(B, "Bravo", read_also=3),
        section(C, "Charlie"),
        section(D, "Delta"),
        title="Avant",
        conclusion="Fin.",
    )
    new = snapshot(
        section(C, "Charlie"),
        section(A, "Alpha"),
        section(B, "Bravo", "Un texte revu.", level=3, read_also=4),
        section("e", "Echo"),
        title="Après",
        conclusion="Fin revue.",
    )
    html = render_to_string(
        "articles/admin/_comparison.html",
        {"comparison": compare(old, new, {3: "Les vaccins", 4: "Les allergies"})},
    )
    page = BeautifulSoup(html, "html.parser")
    facts = {" ".join(h.get_text().split()): " ".join(h.find_next("ul").get_text().split()) for h in page("h3")}
    assert facts == {
        "Charlie": "Section déplacée (position 3 → 1)",
        "Alpha": "Inchangée",
        "Bravo": "Section modifiée Niveau : H2 → H3 « À lire aussi » : Les vaccins → Les allergies",
        "Echo": "Section ajoutée (position 4)",
        "Delta": "Section supprimée (elle était en position 4)",
    }
    assert [dt.get_text() for dt in page("dt")] == ["Titre", "Conclusion"]
    assert "[suppression : Avant][ajout : Après]" in page.dl.get_text()
    assert len(page("details")) == 2  # the texts of Charlie and Alpha, which did not change
    assert "Un texte[ajout :  revu]." in page.find("section", class_="diff-section--changed").get_text()


def test_the_admin_partial_says_when_nothing_changed():
    html = render_to_string("articles/admin/_comparison.html", {"comparison": compare(ABCD, ABCD, {})})
    assert "Aucune différence entre ces deux versions." in html
    assert html.count("Inchangée") == 4


def test_as_few_sections_as_possible_are_reported_moved():
    shuffle = random.Random(5).shuffle
    for _ in range(200):
        keys = [str(n) for n in range(8)]
        new_keys = keys[:]
        shuffle(new_keys)
        old = snapshot(*(section(key, key) for key in keys))
        new = snapshot(*(section(key, key) for key in new_keys))
        moved = [s.new_heading for s in compare(old, new, {}).sections if s.moved]
        assert len(moved) == len(keys) - longest_common_subsequence(keys, new_keys)
        kept = [key for key in new_keys if key not in moved]
        assert kept == sorted(kept, key=keys.index)


def longest_common_subsequence(a: list[str], b: list[str]) -> int:
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            lengths[i + 1][j + 1] = lengths[i][j] + 1 if x == y else max(lengths[i][j + 1], lengths[i + 1][j])
    return lengths[-1][-1]
