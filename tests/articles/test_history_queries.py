"""The history and compare screens cost a fixed number of queries, however long the history."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import publishing
from articles.models import Article, ArticleAuthor, Person
from tests.factories import SourceFactory, StaffFactory
from tests.html import soup

pytestmark = pytest.mark.django_db

# The signed-in user, the article, the user's own permissions and those of the user's groups,
# then the revisions: the fields the list shows, or the two snapshots compared.
HISTORY_QUERIES = 5
# The same, and the titles of the articles that the compared sections tease (the authors' names
# too when they changed: one query more).
COMPARE_QUERIES = 6


@pytest.fixture
def editor(client):
    """A writer (no superuser shortcut in the permission checks), signed in with `client`."""
    user = StaffFactory(is_superuser=False)
    user.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(user)
    return user


def with_saves(article: Article, user, count: int) -> int:
    """`count` more saves, each changing a section's text; the number of the last revision."""
    section = article.sections.exclude(body="").first()
    for n in range(count):
        section.body = f"{section.body} Ajout n° {n}."
        section.save()
        publishing.record_save(article, user)
    return article.revisions.count()


@pytest.mark.parametrize("saves", [1, 30])
def test_the_history_screen_costs_the_same_queries_with_2_or_31_versions(
    client, editor, article, saves, django_assert_num_queries
):
    last = with_saves(article, editor, saves)
    with django_assert_num_queries(HISTORY_QUERIES):
        response = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert len(soup(response).select("table.revision-history tbody tr")) == last


@pytest.mark.parametrize("saves", [1, 30])
def test_the_compare_screen_costs_the_same_queries_with_2_or_31_versions(
    client, editor, article, saves, django_assert_num_queries
):
    last = with_saves(article, editor, saves)
    with django_assert_num_queries(COMPARE_QUERIES):
        response = client.get(f"/admin/articles/article/{article.pk}/comparer/?de=1&a={last}")
    assert f"Ajout n° {saves - 1}" in response.content.decode()


@pytest.mark.parametrize("screen", ["history/", "comparer/?de=1&a=2"])
def test_the_history_screens_never_read_the_rendered_html_or_the_content_checks(client, editor, article, screen):
    with_saves(article, editor, 1)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/admin/articles/article/{article.pk}/{screen}").status_code == 200
    revisions = [q["sql"] for q in queries if 'FROM "articles_revision"' in q["sql"]]
    assert revisions
    for column in ('"rendered"', '"checks"', *(['"content"'] if screen == "history/" else [])):
        assert not any(column in sql for sql in revisions), column


def test_the_compare_screen_names_changed_authors_and_sources_in_one_more_query(
    client, editor, article, django_assert_num_queries
):
    claire = Person.objects.create(name="Dr Claire Martin", slug="claire-martin", profession="médecin")
    jean = Person.objects.create(name="Jean Dupont", slug="jean-dupont", profession="journaliste santé")
    ArticleAuthor.objects.create(article=article, person=claire, position=1)
    publishing.record_save(article, editor)
    ArticleAuthor.objects.create(article=article, person=jean, position=2)
    SourceFactory(article=article, title="Avis de la HAS sur la rougeole")
    last = with_saves(article, editor, 1)
    with django_assert_num_queries(COMPARE_QUERIES + 1):  # the authors' names
        response = client.get(f"/admin/articles/article/{article.pk}/comparer/?de=2&a={last}")
    page = soup(response)
    authors = page.find("dt", string="Auteurs").find_next("dd").get_text()
    assert authors == "Dr Claire Martin[ajout : , Jean Dupont]"
    assert "Source ajoutée (n° 1)" in page.get_text()
    assert page.find("h3", string="Avis de la HAS sur la rougeole")
