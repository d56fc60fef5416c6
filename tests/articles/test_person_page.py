"""/auteurs/<slug>/: who an author or reviewer is, and the live articles they wrote and reviewed."""

import pytest

from articles import publishing, revisions
from articles.models import ArticleAuthor, Revision
from tests.factories import ArticleFactory, PersonFactory, publish_now
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def written_by(person, **fields):
    """A live article naming `person` as its author (its live version says so)."""
    article = ArticleFactory(published=False, **fields)
    ArticleAuthor.objects.create(article=article, person=person, position=1)
    publish_now(article)
    return article


def reviewed_by(person, **fields):
    """A live article whose live version names `person` as its last medical reviewer."""
    article = ArticleFactory(**fields)
    Revision.objects.live().filter(article=article).update(reviewer=person)
    publishing.invalidate_article(article.pk)
    return article


def titles(page, heading: str) -> list[str]:
    section = page.find("h2", string=heading).find_parent("section")
    return [text_of(a) for a in section.select("h3 a")]


def test_it_presents_the_person_and_lists_the_live_articles_they_wrote_and_reviewed(client):
    person = PersonFactory(
        name="Dr Claire Martin",
        profession="médecin oncologue",
        credentials="Docteur en médecine, DES d’oncologie",
        rpps="10101234567",
    )
    written = written_by(person, title="Les effets de l’immunothérapie", introduction="Ce qu’il faut savoir.")
    reviewed = reviewed_by(person, title="La chimiothérapie")
    page = soup(client.get("/auteurs/" + person.slug + "/"))
    assert text_of(page.find("h1")) == "Dr Claire Martin"
    assert page.title.string.startswith("Dr Claire Martin, médecin oncologue · ")
    assert "Dr Claire Martin, médecin oncologue" in page.find("meta", attrs={"name": "description"})["content"]
    header = text_of(page.find(class_="person-header"))
    assert "médecin oncologue" in header and "DES d’oncologie" in header
    assert "Numéro RPPS : 10101234567" in header
    assert titles(page, "Articles rédigés") == ["Les effets de l’immunothérapie"]
    assert titles(page, "Articles relus") == ["La chimiothérapie"]
    card = page.find("a", string="Les effets de l’immunothérapie").find_parent("li")
    assert card.find("a")["href"] == written.get_absolute_url()
    assert "Ce qu’il faut savoir." in text_of(card)
    assert text_of(card).startswith("Les effets de l’immunothérapie") and "Publié le" in text_of(card)
    assert page.find("a", string="La chimiothérapie")["href"] == reviewed.get_absolute_url()


def test_it_leaves_out_drafts_and_unpublished_articles(client):
    person = PersonFactory()
    draft = ArticleFactory(published=False, title="Brouillon en cours")
    ArticleAuthor.objects.create(article=draft, person=person)
    revisions.snapshot(draft, None)
    taken_down = written_by(person, title="Article retiré")
    publishing.unpublish(taken_down, None)
    kept = written_by(person, title="Article en ligne")
    page = soup(client.get(person.get_absolute_url()))
    assert titles(page, "Articles rédigés") == [kept.title]
    assert "Brouillon en cours" not in page.text and "Article retiré" not in page.text


def test_an_author_added_to_the_working_copy_shows_only_once_it_is_published(client):
    person = PersonFactory()
    article = ArticleFactory(title="Le sommeil")
    ArticleAuthor.objects.create(article=article, person=person)
    publishing.record_save(article, None)
    assert titles(soup(client.get(person.get_absolute_url())), "Articles rédigés") == []
    publish_now(article)
    assert titles(soup(client.get(person.get_absolute_url())), "Articles rédigés") == ["Le sommeil"]


def test_a_person_without_a_live_article_has_a_page_saying_so(client):
    person = PersonFactory(rpps="")
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    page = soup(response)
    assert "Aucun article rédigé par cette personne n’est en ligne pour le moment." in page.text
    assert "Aucun article relu par cette personne n’est en ligne pour le moment." in page.text
    assert "RPPS" not in page.text
    assert page.find("img", class_="person-photo") is None


def test_an_unknown_person_is_not_found(client):
    response = client.get("/auteurs/personne-inconnue/")
    assert response.status_code == 404
    assert text_of(soup(response).find("h1")) == "Page introuvable"


def test_the_bio_is_shown_as_paragraphs_of_plain_text(client):
    person = PersonFactory(bio='Oncologue à Lyon.\n\n<script>alert("x")</script> <b>gras</b>')
    page = soup(client.get(person.get_absolute_url()))
    paragraphs = page.select(".person-bio p")
    assert [text_of(p) for p in paragraphs] == ["Oncologue à Lyon.", '<script>alert("x")</script> <b>gras</b>']
    assert page.find("script") is None and page.select_one(".person-bio b") is None


def test_the_page_costs_three_queries_in_a_fresh_process_and_one_after(client, django_assert_num_queries):
    person = PersonFactory()
    for number in range(3):
        written_by(person, title=f"Article {number}")
        reviewed_by(person)
    other = PersonFactory()
    # The person, the map of live articles, the map of the site's texts and pages.
    with django_assert_num_queries(3):
        page = soup(client.get(person.get_absolute_url()))
    assert len(titles(page, "Articles rédigés")) == 3 and len(titles(page, "Articles relus")) == 3
    with django_assert_num_queries(1):
        client.get(other.get_absolute_url())
    with django_assert_num_queries(0):  # cached
        client.get(person.get_absolute_url())


def test_a_publication_naming_the_person_shows_on_their_cached_page(client):
    person = PersonFactory()
    client.get(person.get_absolute_url())
    written_by(person, title="Nouvel article")
    assert titles(soup(client.get(person.get_absolute_url())), "Articles rédigés") == ["Nouvel article"]


def test_an_article_updated_since_its_publication_says_when_as_its_page_does(client):
    person = PersonFactory(slug="lea-petit")
    article = ArticleFactory(published=False)
    ArticleAuthor.objects.create(article=article, person=person)
    publish_now(article)
    assert "Publié le" in text_of(soup(client.get("/auteurs/lea-petit/")).select_one(".article-card"))
    article.title = "Un titre revu"
    article.save()
    publish_now(article)  # a substantive update
    card = text_of(soup(client.get("/auteurs/lea-petit/")).select_one(".article-card"))
    assert "Mis à jour le" in card and "Publié le" not in card
