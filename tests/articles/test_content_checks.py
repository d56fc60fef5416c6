"""Save-time checks of an article snapshot: each warning on a minimal example, and its clean twin."""

import uuid

import pytest

from articles.content_checks import WarningCode, check
from articles.revisions import working_copy_content
from tests.seed import seed_article

CLEAN = "Le vaccin protège contre la grippe. Il est conseillé chaque automne."
EASY = (
    "Le vaccin protège. Il est sûr. On le fait au bras. Cela ne fait pas mal. "
    "Le soir, on peut avoir un peu de fièvre. Elle passe vite."
)
HARD = (
    "L’immunothérapie antitumorale repose sur la potentialisation pharmacologique des mécanismes "
    "physiopathologiques de l’immunosurveillance, notamment par l’administration d’anticorps monoclonaux "
    "inhibiteurs des points de contrôle immunitaire, dont l’efficacité thérapeutique demeure conditionnée "
    "par des caractéristiques moléculaires hétérogènes."
)


def section(heading: str, body: str = CLEAN, level: int = 2, key: str | None = None) -> dict:
    return {"key": key or str(uuid.uuid4()), "heading": heading, "level": level, "body": body, "read_also": None}


def content(*sections: dict, introduction: str = CLEAN, conclusion: str = CLEAN) -> dict:
    return {
        "title": "La grippe",
        "slug": "grippe",
        "introduction": introduction,
        "conclusion": conclusion,
        "sections": list(sections),
    }


def codes(article: dict) -> list[WarningCode]:
    return [warning.code for warning in check(article).warnings]


def only_warning(article: dict, code: WarningCode):
    found = [warning for warning in check(article).warnings if warning.code == code]
    assert len(found) == 1, found
    return found[0]


def test_a_clean_article_gets_no_warning():
    article = content(section("Symptômes"), section("Contagion", level=3), section("Traitement"))
    assert codes(article) == []


def test_an_h3_before_the_first_h2_is_flagged_on_that_subsection():
    article = content(section("Avant tout", level=3, key="k-h3"), section("Symptômes"))
    warning = only_warning(article, WarningCode.H3_BEFORE_H2)
    assert warning.section_key == "k-h3"
    assert "« Avant tout »" in warning.message
    assert "avant le premier titre de section (H2)" in warning.message


def test_an_h3_after_an_h2_is_in_its_place():
    assert codes(content(section("Symptômes"), section("Fièvre", level=3))) == []


def test_an_h2_without_text_is_a_chapter_title_when_h3_subsections_follow():
    article = content(section("Symptômes", body=""), section("Fièvre", level=3), section("Toux", level=3))
    assert codes(article) == []


def test_an_h2_without_text_followed_by_another_h2_is_empty():
    article = content(section("Symptômes", body="", key="k-empty"), section("Traitement"))
    warning = only_warning(article, WarningCode.EMPTY_SECTION)
    assert warning.section_key == "k-empty"
    assert warning.message.startswith("La section « Symptômes » n’a ni texte ni sous-titre (H3)")


def test_an_h2_without_text_at_the_end_is_empty():
    article = content(section("Symptômes"), section("Pour finir", body="  \n\n "))
    assert codes(article) == [WarningCode.EMPTY_SECTION]


def test_an_h3_without_text_is_empty_even_when_more_h3_follow():
    article = content(section("Symptômes", body=""), section("Fièvre", body="", level=3), section("Toux", level=3))
    warning = only_warning(article, WarningCode.EMPTY_SECTION)
    assert warning.message.startswith("La sous-section « Fièvre » n’a pas de texte")


def test_headings_differing_only_in_case_spaces_accents_or_apostrophes_are_duplicates():
    article = content(
        section("Qu’est-ce que l’immunothérapie ?"),
        section("Traitement"),
        section("qu'est-ce  que L'IMMUNOTHERAPIE?", key="k-again"),
    )
    warning = only_warning(article, WarningCode.DUPLICATE_HEADING)
    assert warning.section_key == "k-again"
    assert "« qu'est-ce que L'IMMUNOTHERAPIE? »" in warning.message
    assert "« Qu’est-ce que l’immunothérapie ? »" in warning.message


def test_the_same_heading_three_times_is_flagged_twice():
    article = content(section("Traitement"), section("Traitement"), section("Traitement"))
    assert codes(article) == [WarningCode.DUPLICATE_HEADING, WarningCode.DUPLICATE_HEADING]


def test_close_but_different_headings_are_not_duplicates():
    article = content(section("Les effets secondaires"), section("Des effets secondaires"))
    assert codes(article) == []


@pytest.mark.parametrize(
    "text",
    [
        "ici",
        "Cliquez ici",
        "cliquez ICI !",
        "**Cliquez** ici",
        "En savoir plus…",
        "Lire la suite",
        "ce lien",
        "Plus d’infos",
        "plus d'infos",
        " « en savoir plus » ",
    ],
)
def test_a_link_text_that_says_nothing_of_its_target_is_flagged(text):
    article = content(section("Vaccination", body=f"Le calendrier est [{text}](https://sante.fr)."))
    assert codes(article) == [WarningCode.VAGUE_LINK]


def test_the_vague_link_message_names_the_section_and_the_link_text():
    article = content(section("Vaccination", body="Voir [cliquez ici](https://sante.fr).", key="k-link"))
    warning = only_warning(article, WarningCode.VAGUE_LINK)
    assert warning.section_key == "k-link"
    assert warning.message.startswith("Dans la section « Vaccination », le lien « cliquez ici » ne dit pas où il mène")


@pytest.mark.parametrize(
    "body",
    [
        "Consultez [le calendrier des vaccinations](https://sante.fr).",
        "Consultez [ici et maintenant le calendrier](https://sante.fr).",
        "Écrire \\[ici](https://sante.fr) ne fait pas de lien.",
        "Le code `[ici](http://sante.fr)` n’est pas un lien.",
        "Le mot ici n’est pas un lien.",
    ],
)
def test_a_descriptive_link_or_text_that_is_no_link_is_not_flagged(body):
    assert codes(content(section("Vaccination", body=body))) == []


@pytest.mark.parametrize(
    "body",
    [
        "Voir [le calendrier](http://sante.fr/calendrier).",
        "Voir [le calendrier](HTTP://sante.fr/calendrier).",
        "Voir <http://sante.fr/calendrier>.",
    ],
)
def test_a_link_to_an_http_address_is_flagged(body):
    assert codes(content(section("Vaccination", body=body))) == [WarningCode.INSECURE_LINK]


def test_the_http_message_names_the_section_the_link_text_and_the_address():
    article = content(section("Vaccination", body="Voir [le calendrier](http://sante.fr/calendrier)."))
    warning = only_warning(article, WarningCode.INSECURE_LINK)
    assert warning.message.startswith("Dans la section « Vaccination », le lien « le calendrier »")
    assert "(http://sante.fr/calendrier)" in warning.message


def test_https_and_other_links_are_not_flagged():
    body = "Voir [le calendrier](https://sante.fr), [l’accueil](/articles/) ou [nous écrire](mailto:a@sante.fr)."
    assert codes(content(section("Vaccination", body=body))) == []


def test_a_vague_http_link_gets_both_warnings():
    article = content(section("Vaccination", body="Voir [ici](http://sante.fr)."))
    assert codes(article) == [WarningCode.VAGUE_LINK, WarningCode.INSECURE_LINK]


def test_links_in_the_introduction_and_the_conclusion_are_checked_too():
    article = content(
        section("Vaccination"),
        introduction="Lisez [la suite](https://sante.fr) puis [ici](https://sante.fr).",
        conclusion="Source : [le ministère](http://sante.fr).",
    )
    warnings = check(article).warnings
    assert [(w.code, w.section_key) for w in warnings] == [
        (WarningCode.VAGUE_LINK, None),
        (WarningCode.INSECURE_LINK, None),
    ]
    assert warnings[0].message.startswith("Dans l’introduction, le lien « ici »")
    assert warnings[1].message.startswith("Dans la conclusion, le lien « le ministère »")


def test_warnings_come_in_the_order_of_the_page_and_the_readability_one_last():
    article = content(
        section("Avant tout", level=3, body="Voir [le guide](http://sante.fr)."),
        section("Symptômes", body=HARD),
        introduction="Voir [ici](https://sante.fr).",
        conclusion="",
    )
    assert codes(article) == [
        WarningCode.VAGUE_LINK,
        WarningCode.H3_BEFORE_H2,
        WarningCode.INSECURE_LINK,
        WarningCode.LONG_SENTENCE,
        WarningCode.HARD_TO_READ,
    ]


def sentence_of(count: int) -> str:
    return " ".join(["Le"] + ["mot"] * (count - 1)) + "."


def test_a_sentence_of_more_than_thirty_words_is_flagged_with_its_first_words():
    article = content(section("Symptômes", body=f"Court. {sentence_of(31)} Court aussi.", key="k-long"))
    warning = only_warning(article, WarningCode.LONG_SENTENCE)
    assert warning.section_key == "k-long"
    assert warning.message.startswith(
        "Dans la section « Symptômes », la phrase « Le mot mot mot mot mot mot mot… » compte 31 mots"
    )


def test_a_sentence_of_thirty_words_is_not_flagged():
    assert codes(content(section("Symptômes", body=sentence_of(30)))) == []


def test_sentences_and_list_items_are_counted_apart():
    twenty = sentence_of(20)
    body = f"{twenty} {twenty}\n\n- {twenty[:-1]}\n- {twenty[:-1]}"
    assert codes(content(section("Symptômes", body=body))) == []


def test_markdown_markup_and_link_addresses_are_not_counted_as_words():
    article = content(
        section("Symptômes", body="**Fièvre** et *toux* : [voir le guide](https://sante.fr/un/long/chemin)."),
        introduction="",
        conclusion="",
    )
    assert check(article).words == 6


def test_an_easy_paragraph_scores_higher_than_a_hard_one():
    easy = check(content(section("Le vaccin", body=EASY), introduction="", conclusion=""))
    hard = check(content(section("Le vaccin", body=HARD), introduction="", conclusion=""))
    assert easy.readability > 80 > 30 > hard.readability
    assert check(content(section("Le vaccin", body=CLEAN), introduction="", conclusion="")).readability > 60
    assert easy.readability_label in ("Très facile", "Facile")
    assert hard.readability_label == "Très difficile"


def test_the_score_shown_stays_between_zero_and_a_hundred():
    assert check(content(section("Le vaccin", body="Il pleut."), introduction="", conclusion="")).readability == 100
    assert check(content(section("Le vaccin", body=HARD), introduction="", conclusion="")).readability == 0


def test_a_hard_text_is_a_warning_and_an_easy_one_is_not():
    assert codes(content(section("Le vaccin", body=EASY), introduction="", conclusion="")) == []
    warning = only_warning(
        content(section("Le vaccin", body=HARD), introduction="", conclusion=""), WarningCode.HARD_TO_READ
    )
    assert warning.section_key is None
    assert warning.message.startswith("Le texte est difficile à lire (lisibilité")
    assert "« Très difficile »" in warning.message


def test_an_article_without_text_has_no_score_and_reads_in_a_minute():
    report = check(content(section("Symptômes", body=""), introduction="", conclusion=""))
    assert (report.readability, report.readability_label, report.reading_minutes, report.words) == (
        None,
        "Non mesurable",
        1,
        0,
    )


@pytest.mark.parametrize(("words", "minutes"), [(10, 1), (200, 1), (210, 2), (1000, 5)])
def test_reading_time_counts_two_hundred_words_a_minute_rounded_up(words, minutes):
    body = " ".join(sentence_of(10) for _ in range(words // 10))
    report = check(content(section("Symptômes", body=body), introduction="", conclusion=""))
    assert (report.words, report.reading_minutes) == (words, minutes)


def test_the_seed_article_is_only_found_hard_to_read(db):
    """Its six H2 are chapter titles over H3 subsections, its links none, its longest sentence 27
    words; 493 words in 24 sentences, 2.06 syllables a word (« immunothérapie » alone, 6, comes 15 times)."""
    # What a save of the seed keeps: its snapshot, read the way every save reads it.
    report = check(working_copy_content(seed_article()))
    assert [warning.code for warning in report.warnings] == [WarningCode.HARD_TO_READ]
    assert report.readability == pytest.approx(34.2)
    assert report.readability_label == "Difficile"
    assert (report.words, report.reading_minutes) == (493, 3)


# Citations of sources ([^1], [^2]…).


def with_sources(article: dict, *titles: str) -> dict:
    keys = (str(uuid.uuid4()) for _ in titles)
    article["sources"] = [{"key": key, "title": title} for key, title in zip(keys, titles, strict=True)]
    return article


def test_a_citation_of_a_source_the_list_lacks_is_flagged_where_it_is_once():
    article = with_sources(
        content(section("Traitement", body="Efficace[^2], sûr[^3] et remboursé[^3].", key="k-t")), "Avis de la HAS"
    )
    article["introduction"] = "La grippe[^1] tue[^2]."
    unknown = [w for w in check(article).warnings if w.code == WarningCode.UNKNOWN_SOURCE]
    advice = "n’existe pas : ajoutez-la à la liste des sources ou corrigez le numéro."
    assert [(w.message, w.section_key) for w in unknown] == [
        (f"La source n° 2 citée dans l’introduction {advice}", None),
        (f"La source n° 2 citée dans la section « Traitement » {advice}", "k-t"),
        (f"La source n° 3 citée dans la section « Traitement » {advice}", "k-t"),
    ]


def test_a_citation_in_code_or_escaped_is_not_checked():
    article = content(section("Écrire", body="Tapez `[^4]` ou \\[^4] pour citer."))
    assert codes(article) == []


def test_an_article_that_cites_each_of_its_sources_gets_no_warning():
    article = with_sources(content(section("Traitement", body="Efficace[^2].")), "Avis", "Étude")
    article["conclusion"] = "Vaccinez-vous[^1]."
    assert codes(article) == []


def test_a_source_nothing_cites_is_flagged_after_the_texts():
    article = with_sources(content(section("Traitement", body="Efficace[^1].", level=3)), "Avis", "Étude  oubliée")
    warnings = check(article).warnings
    assert [w.code for w in warnings] == [WarningCode.H3_BEFORE_H2, WarningCode.UNCITED_SOURCE]
    assert warnings[-1].message == (
        "La source n° 2 « Étude oubliée » n’est citée nulle part dans le texte : citez-la par [^2] "
        "après l’affirmation qu’elle appuie, ou retirez-la de la liste."
    )


def test_citations_are_not_words_read():
    plain, cited = content(introduction=EASY), content(introduction=EASY.replace(".", "[^1].", 3))
    assert check(cited).words == check(plain).words
    assert check(cited).readability == check(plain).readability
