"""Comparing two versions: their lists of sources (followed by key, numbered by place) and their authors."""

from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from articles.snapshot_diff import Kind, compare

S1, S2, S3 = (f"1000000{n}-0000-4000-8000-000000000000" for n in range(1, 4))


def source(key: str, title: str, **fields) -> dict:
    base = {"organisation": "HAS", "url": "", "published_on": None, "consulted_on": "2024-11-12"}
    return {"key": key, "title": title, **base, **fields}


def snapshot(*sources: dict, authors: tuple[int, ...] = ()) -> dict:
    return {
        "title": "Les vaccins",
        "slug": "vaccins",
        "introduction": "Intro[^1].",
        "conclusion": "Fin.",
        "sections": [],
        "authors": list(authors),
        "sources": list(sources),
    }


OLD = snapshot(source(S1, "Calendrier"), source(S2, "Avis rougeole"), source(S3, "Étude ancienne"))


def facts(comparison) -> list[tuple[str, Kind, int | None, int | None]]:
    return [(s.title, s.kind, s.old_position, s.new_position) for s in comparison.sources]


def test_sources_added_removed_moved_and_changed_are_told_apart_with_their_numbers():
    new = snapshot(
        source(S2, "Avis sur la rougeole", published_on="2024-03-01"),
        source(S1, "Calendrier"),
        source("nouvelle", "Étude récente", url="https://www.example.fr/etude"),
    )
    comparison = compare(OLD, new, {})
    assert comparison.has_changes
    assert facts(comparison) == [
        ("Avis sur la rougeole", Kind.MOVED, 2, 1),
        ("Calendrier", Kind.UNCHANGED, 1, 2),
        ("Étude récente", Kind.ADDED, None, 3),
        ("Étude ancienne", Kind.REMOVED, 3, None),
    ]
    rougeole = comparison.sources[0]
    assert rougeole.changed
    assert [(f.label, f.old, f.new) for f in rougeole.fields] == [
        ("Titre", "Avis rougeole", "Avis sur la rougeole"),
        ("Publiée le", "", "01/03/2024"),
    ]
    added = comparison.sources[2]
    assert [(f.label, f.new) for f in added.fields] == [
        ("Titre", "Étude récente"),
        ("Organisme", "HAS"),
        ("Adresse", "https://www.example.fr/etude"),
        ("Consultée le", "12/11/2024"),
    ]


def test_versions_saved_before_sources_existed_compare_as_having_none():
    old = {key: value for key, value in OLD.items() if key not in ("sources", "authors")}
    comparison = compare(old, old, {})
    assert comparison.sources == () and not comparison.has_changes
    assert [s.kind for s in compare(old, OLD, {}).sources] == [Kind.ADDED] * 3


def test_an_authors_change_names_them_and_falls_back_to_the_number():
    comparison = compare(
        snapshot(authors=(1, 2)), snapshot(authors=(2, 3)), {}, {1: "Dr Claire Martin", 2: "Jean Dupont"}
    )
    (field,) = comparison.fields
    assert (field.label, field.old, field.new) == (
        "Auteurs",
        "Dr Claire Martin, Jean Dupont",
        "Jean Dupont, personne n° 3",
    )
    assert compare(snapshot(), snapshot(authors=(2,)), {}, {2: "Jean Dupont"}).fields[0].old == "aucun"


def test_the_admin_partial_says_in_french_what_happened_to_each_source():
    new = snapshot(source(S2, "Avis rougeole"), source(S1, "Calendrier", organisation="Santé publique France"))
    html = render_to_string("articles/admin/_comparison.html", {"comparison": compare(OLD, new, {})})
    page = BeautifulSoup(html, "html.parser")
    assert "c’est lui que citent les [^N] du texte" in page.get_text()
    told = {" ".join(h.get_text().split()): " ".join(h.find_next("ul").get_text().split()) for h in page("h3")}
    assert told == {
        "Avis rougeole": "Source déplacée (n° 2 → n° 1)",
        "Calendrier": "Source modifiée (n° 2)",
        "Étude ancienne": "Source supprimée (elle était la n° 3)",
    }
    organisation = page.find("dt", string="Organisme").find_next("dd").get_text()
    assert organisation == "[suppression : HAS][ajout : Santé publique France]"
