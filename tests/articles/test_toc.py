import re

from articles.toc import anchor_for, unique_anchors


def test_an_anchor_is_the_heading_without_accents_or_punctuation():
    assert anchor_for("Qu'est-ce que l'immunothérapie ?") == "quest-ce-que-limmunotherapie"
    assert anchor_for("L’avenir de l’immunothérapie") == "lavenir-de-limmunotherapie"


def test_repeated_headings_get_numbered_anchors():
    assert unique_anchors(["Les cancers", "Les cancers", "Les cancers"]) == [
        "les-cancers",
        "les-cancers-2",
        "les-cancers-3",
    ]


def test_a_heading_never_takes_a_reserved_id():
    assert unique_anchors(["Sommaire"], reserved=["sommaire"]) == ["sommaire-2"]


def test_a_heading_of_punctuation_alone_still_gets_an_anchor():
    assert unique_anchors(["?", "!"]) == ["section", "section-2"]


def test_a_heading_never_takes_an_id_of_the_reserved_pattern():
    pattern = re.compile(r"source-[0-9]+")
    assert unique_anchors(["Source 3", "Source 3", "Sources"], reserved_pattern=pattern) == [
        "source-3-2",
        "source-3-3",
        "sources",
    ]
