"""The words the search reads and shows (articles.search_text), without a database."""

from articles import search_text


def test_a_query_keeps_its_words_once_without_the_little_ones_or_the_punctuation():
    assert search_text.query_words("Les cancers du POUMON : l’immunothérapie, les cancers !") == [
        "les",  # not a stop word of PostgreSQL's list: kept on both databases
        "cancers",
        "poumon",
        "immunothérapie",
    ]


def test_a_query_has_at_most_eight_words_of_at_most_forty_letters():
    words = search_text.query_words(" ".join(f"mot{n}" for n in range(20)) + " " + "a" * 300)
    assert words == [f"mot{n}" for n in range(8)]
    assert search_text.query_words("b" * 100) == ["b" * 40]


def test_words_and_their_plurals_share_a_stem_accents_and_case_aside():
    assert search_text.stems(["Vaccins", "vaccin"]) == ["vaccin", "vaccin"]
    assert search_text.stems(["immunothérapie"]) == search_text.stems(["IMMUNOTHERAPIES"])
    assert search_text.stem("cancers").startswith(search_text.stem("cancer"))  # matched as a prefix


def test_the_indexed_text_is_stems_without_stop_words():
    assert search_text.indexed_words("L’immunothérapie des cancers") == "immunotherap cancer"


def test_the_text_of_a_page_fragment_leaves_out_citation_numbers_and_keeps_escaped_text_as_text():
    html = (
        '<p>Un virus<sup class="citation"><a href="#source-1" id="citation-1">'
        '<span class="visually-hidden">Source </span>1</a></sup>, &lt;b&gt; saisonnier.</p><ul><li>Fièvre</li></ul>'
    )
    assert search_text.text_of(html) == "Un virus, <b> saisonnier. Fièvre"


def test_an_extract_marks_the_words_as_written_whatever_their_accents_and_case():
    extract = search_text.extract(
        "Des FIÈVRES, une Fievre, sans fièvreux ni enfièvrement.", search_text.stems(["fièvre"])
    )
    assert extract == ("Des <mark>FIÈVRES</mark>, une <mark>Fievre</mark>, sans <mark>fièvreux</mark> ni enfièvrement.")
    assert search_text.extract("L’ŒDÈME", search_text.stems(["œdème"])) == "L’<mark>ŒDÈME</mark>"


def test_an_extract_is_a_window_around_the_first_match_with_every_match_marked_and_escaped():
    text = " ".join(["avant"] * 50) + " Les <b>Cancers</b> et le cancer. " + " ".join(["après"] * 50)
    extract = search_text.extract(text, search_text.stems(["cancer"]), words=10)
    assert extract == (
        "… avant avant Les &lt;b&gt;<mark>Cancers</mark>&lt;/b&gt; et le <mark>cancer</mark>. après après après …"
    )


def test_an_extract_without_a_match_is_the_start_of_the_text():
    assert search_text.extract("Un texte court.", ["vaccin"]) == "Un texte court."
    assert search_text.extract("", ["vaccin"]) == ""
