"""An article's sources and authors in its Markdown file (`export_article`, `import_article`), and back."""

import datetime
import re

import pytest
from django.core.management import CommandError

from articles.models import Article, ArticleAuthor, Person, Revision, Source
from tests.articles.article_files import export, import_text
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

KEY_1, KEY_2 = "6b0d2e71-3c4f-4a8e-9d1b-2f5e7a9c0b13", "0c9a3b12-7d5e-4f60-8a1b-3c4d5e6f7a8b"
SOURCES = f"""<!-- Sources -->

1. Calendrier des vaccinations 2024
   - organisme : Ministère de la santé
   - adresse : https://sante.gouv.fr/calendrier-vaccinal
   - publiée le : 2024-04-02
   - consultée le : 2024-11-12
   <!-- clé : {KEY_1} -->

2. Avis sur la rougeole
   - consultée le : 2024-11-13
   <!-- clé : {KEY_2} -->
"""


@pytest.fixture
def cited() -> Article:
    article = ArticleFactory(slug="rougeole", introduction="La rougeole[^1] est contagieuse[^2].", published=False)
    SourceFactory(
        article=article, key=KEY_1, position=1, title="Calendrier des vaccinations 2024",
        organisation="Ministère de la santé", url="https://sante.gouv.fr/calendrier-vaccinal",
        published_on=datetime.date(2024, 4, 2), consulted_on=datetime.date(2024, 11, 12),
    )  # fmt: skip
    SourceFactory(
        article=article, key=KEY_2, position=2, title="Avis sur la rougeole", organisation="", url="",
        published_on=None, consulted_on=datetime.date(2024, 11, 13),
    )  # fmt: skip
    return article


def sources(article: Article) -> list[tuple]:
    return list(Source.objects.filter(article=article).values_list("key", "position", "title", "url", "published_on"))


def test_the_sources_end_the_file_as_a_numbered_list_with_their_keys(cited):
    assert export("rougeole").endswith("<!-- Conclusion -->\n\nUne conclusion.\n\n" + SOURCES)


def test_an_article_with_sources_imported_over_itself_saves_nothing(tmp_path, cited):
    exported = export("rougeole")
    versions = Revision.objects.count()
    assert "rien n’est enregistré" in import_text(tmp_path, exported)
    assert Revision.objects.count() == versions
    assert export("rougeole") == exported


def test_the_sources_come_back_on_another_site_with_their_details(tmp_path, cited):
    exported = export("rougeole")
    before = sources(cited)
    Source.objects.filter(article=cited).delete()
    Article.objects.filter(pk=cited.pk).update(slug="ailleurs")
    import_text(tmp_path, exported)
    copy = Article.objects.get(slug="rougeole")
    assert [row[1:] for row in sources(copy)] == [row[1:] for row in before]
    assert [str(row[0]) for row in sources(copy)] == [KEY_1, KEY_2]
    assert export("rougeole") == exported


def test_an_import_reorders_and_edits_sources_matched_by_key(tmp_path, cited):
    exported = export("rougeole")
    first, second = exported.split("1. ", 1)[1].split("\n\n2. ")
    edited = exported.split("1. ")[0] + "1. " + second.replace("Avis sur", "Avis de la HAS sur") + "\n2. " + first
    import_text(tmp_path, edited.rstrip("\n") + "\n")
    assert [(str(key), position, title) for key, position, title, *_ in sources(cited)] == [
        (KEY_2, 1, "Avis de la HAS sur la rougeole"),
        (KEY_1, 2, "Calendrier des vaccinations 2024"),
    ]
    assert [s["title"] for s in cited.revisions.first().content["sources"]] == [
        "Avis de la HAS sur la rougeole",
        "Calendrier des vaccinations 2024",
    ]


def test_a_file_without_sources_is_an_article_without_sources(tmp_path, cited):
    import_text(tmp_path, export("rougeole").split("<!-- Sources -->")[0])
    assert sources(cited) == []


def test_a_copy_under_another_slug_gets_source_keys_of_its_own(tmp_path, cited):
    summary = import_text(tmp_path, export("rougeole").replace("slug: rougeole", "slug: copie"))
    assert "2 source(s) portaient la clé d’une source d’un autre article" in summary
    copy = Article.objects.get(slug="copie")
    assert [title for _, _, title, *_ in sources(copy)] == [title for _, _, title, *_ in sources(cited)]
    assert {str(key) for key, *_ in sources(copy)}.isdisjoint({KEY_1, KEY_2})


FRONT = "---\ntitle: Un article\nslug: un-article\n---\n\nIntro.\n\n<!-- Sources -->\n\n"


@pytest.mark.parametrize(
    ("sources_part", "message"),
    [
        ("2. Un titre\n", "Ligne 10 : source numérotée 2 à la place n° 1 : les sources se numérotent 1, 2, 3…"),
        ("1. Un titre\n   - publiée le : 12/11/2024\n", "« publiée le » : date « 12/11/2024 » illisible (AAAA-MM-JJ"),
        ("1. Un titre\n   - adresse : javascript:alert(1)\n", "adresse « javascript:alert(1) » invalide"),
        ("1. Un titre\n   - auteur : Moi\n", "détail « auteur » inconnu"),
        ("1. Un titre\n   - organisme : A\n   - organisme : B\n", "« organisme » une seconde fois"),
        ("   - organisme : A\n", "« organisme » ne peut suivre que le titre d’une source"),
        ("1. Un titre\n\nUn paragraphe.\n", "Ligne 12 : ligne non reconnue après « <!-- Sources --> »"),
        ("1. Un titre\n\n## Une section\n", "ligne non reconnue après « <!-- Sources --> »"),
        (f"1. Un\n<!-- clé : {KEY_1} -->\n2. Deux\n<!-- clé : {KEY_1} -->\n", "déjà celle d’une autre source"),
    ],
)
def test_a_malformed_sources_part_is_refused_in_french_and_nothing_is_written(tmp_path, sources_part, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        import_text(tmp_path, FRONT + sources_part)
    assert not Article.objects.filter(slug="un-article").exists()


# Authors, by the address of their page.


def test_the_authors_travel_in_the_front_matter_by_the_address_of_their_page(tmp_path, cited):
    claire = Person.objects.create(name="Dr Claire Martin", slug="claire-martin", profession="médecin")
    jean = Person.objects.create(name="Jean Dupont", slug="jean-dupont", profession="journaliste santé")
    ArticleAuthor.objects.create(article=cited, person=jean, position=1)
    ArticleAuthor.objects.create(article=cited, person=claire, position=2)
    exported = export("rougeole")
    assert exported.startswith("---\ntitle: Article de test")
    assert "slug: rougeole\nauthors:\n- jean-dupont\n- claire-martin\n---\n" in exported
    assert "rien n’est enregistré" in import_text(tmp_path, exported)
    import_text(tmp_path, exported.replace("- jean-dupont\n- claire-martin\n", "- claire-martin\n"))
    assert list(cited.authorships.values_list("person__slug", flat=True)) == ["claire-martin"]
    assert cited.revisions.first().content["authors"] == [claire.pk]


def test_an_unknown_author_is_named_and_nothing_is_written(tmp_path, cited):
    versions = Revision.objects.count()
    text = export("rougeole").replace("slug: rougeole\n", "slug: rougeole\nauthors: [personne-inconnue]\n")
    with pytest.raises(CommandError, match="Auteur inconnu sur le site : personne-inconnue"):
        import_text(tmp_path, text)
    assert Revision.objects.count() == versions


def test_authors_that_are_not_a_list_of_addresses_are_refused(tmp_path, db):
    with pytest.raises(CommandError, match="« authors: » donne la liste des adresses des auteurs"):
        import_text(tmp_path, "---\ntitle: Un article\nslug: un-article\nauthors: Claire Martin\n---\n")


def test_an_author_named_twice_is_refused_with_the_line(tmp_path, db):
    text = "---\ntitle: Un article\nslug: un-article\nauthors:\n- claire-martin\n- claire-martin\n---\n"
    with pytest.raises(CommandError, match="Ligne 4 : « claire-martin » figure deux fois dans « authors: »"):
        import_text(tmp_path, text)
    assert not Article.objects.filter(slug="un-article").exists()


def test_an_authors_field_left_empty_is_an_article_without_authors(tmp_path, cited):
    jean = Person.objects.create(name="Jean Dupont", slug="jean-dupont", profession="journaliste santé")
    ArticleAuthor.objects.create(article=cited, person=jean, position=1)
    import_text(tmp_path, export("rougeole").replace("authors:\n- jean-dupont\n", "authors:\n"))
    assert not cited.authorships.exists()
