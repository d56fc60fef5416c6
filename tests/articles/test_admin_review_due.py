"""The medical reviews due, as editors see them in the admin: the article list's filter, column
and count, and the count on the admin index."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.admin import overdue_reviews
from tests.factories import ArticleFactory, PersonFactory, WriterFactory
from tests.html import soup, text_of
from tests.reviews import reviewed, today
from tests.seed import seed_article

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


@pytest.fixture
def articles() -> dict:
    """One article in each case, the seed article's review up to date so that it counts for nothing."""
    reviewed(seed_article(), today() + timedelta(days=365))
    pending = ArticleFactory(title="Relecture en attente")
    late = ArticleFactory(title="Relecture en retard")
    reviewed(late, today() - timedelta(days=3), PersonFactory(name="Dr Claire Martin"))
    up_to_date = ArticleFactory(title="Relecture à jour")
    reviewed(up_to_date, today() + timedelta(days=30))
    draft = ArticleFactory(title="Brouillon jamais publié", published=False)
    return {"pending": pending, "late": late, "up_to_date": up_to_date, "draft": draft}


def rows(client, query: str = "") -> dict[str, str]:
    """The list's rows: title → what its "relecture médicale" column says."""
    page = soup(client.get(LIST + query))
    column = [text_of(th) for th in page.select("#result_list thead th")].index("Relecture médicale")
    return {
        text_of(row.select_one("th")): text_of(row.select("th, td")[column])
        for row in page.select("#result_list tbody tr")
    }


def test_the_list_says_in_words_when_each_review_is_due(staff_client, articles):
    column = rows(staff_client)
    assert column["Relecture en attente"] == "En retard : relecture en attente"
    assert column["Relecture en retard"] == f"En retard : prévue le {today() - timedelta(days=3):%d/%m/%Y}"
    assert column["Relecture à jour"] == f"Prévue le {today() + timedelta(days=30):%d/%m/%Y}"
    assert column["Brouillon jamais publié"] == "—"


def test_the_filter_shows_the_overdue_articles_or_those_up_to_date(staff_client, articles):
    assert set(rows(staff_client, "?relecture=en-retard")) == {"Relecture en attente", "Relecture en retard"}
    assert set(rows(staff_client, "?relecture=a-jour")) == {"Relecture à jour", "L’immunothérapie"}
    page = soup(staff_client.get(LIST))
    choices = [text_of(a) for a in page.select("#changelist-filter a")]
    assert "En retard" in choices and "À jour" in choices


def test_the_list_counts_the_overdue_articles_and_links_to_them(staff_client, articles):
    link = soup(staff_client.get(LIST)).find("a", string="2 articles en relecture médicale en retard")
    assert link is not None
    assert set(rows(staff_client, link["href"].removeprefix(LIST))) == {"Relecture en attente", "Relecture en retard"}


def test_the_list_says_when_no_review_is_overdue(staff_client):
    reviewed(seed_article(), today() + timedelta(days=365))
    assert "Aucun article en relecture médicale en retard." in text_of(soup(staff_client.get(LIST)))


def test_the_count_is_one_query(articles, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert overdue_reviews()["count"] == 2


def test_the_list_costs_the_same_queries_however_many_articles_it_shows(staff_client, articles):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(LIST).status_code == 200
        return len(captured)

    before = queries()
    for days in (-10, 10, 20):
        reviewed(ArticleFactory(), today() + timedelta(days=days))
    ArticleFactory()
    assert queries() == before


def test_the_admin_index_counts_the_overdue_articles_and_links_to_them(staff_client, articles):
    link = soup(staff_client.get("/admin/")).find("a", string="2 articles en relecture médicale en retard")
    assert link is not None
    assert set(rows(staff_client, link["href"].removeprefix(LIST))) == {"Relecture en attente", "Relecture en retard"}


def test_the_admin_index_counts_the_seed_article_while_its_review_is_pending(staff_client):
    seed_article()
    page = soup(staff_client.get("/admin/"))
    assert page.find("a", string="1 article en relecture médicale en retard") is not None


def test_the_admin_index_says_nothing_of_reviews_to_staff_who_cannot_see_articles(client, articles):
    client.force_login(WriterFactory())  # staff, in no group: no permission
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "relecture médicale" not in page.content.decode()
