"""Every article ends with the disclaimer and the box saying whom to call in an emergency, read
from the per-process map of the site's texts: no query for them in a warm process."""

import pytest

from tests.factories import ArticleFactory, SectionFactory, publish_now
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def test_the_article_ends_with_the_disclaimer_then_the_urgency_box_before_the_feedback(client, article):
    page = soup(client.get(article.get_absolute_url()))
    notice = page.find("article").find(class_="health-notice")
    assert notice.find_previous(class_="conclusion") is not None
    assert notice.find_next("section")["id"] == "avis"
    assert text_of(notice.find(class_="disclaimer")) == (
        "Ces informations ne remplacent pas l’avis d’un professionnel de santé."
    )


def test_the_urgency_box_is_named_by_its_visible_heading_and_its_numbers_can_be_called(client, article):
    page = soup(client.get(article.get_absolute_url()))
    box = page.select_one("article aside.urgency")
    heading = page.find(id=box["aria-labelledby"])
    assert heading.name == "h2" and heading.parent is box
    assert text_of(heading) == "En cas d’urgence, appelez le 15 ou le 112"
    assert [(a["href"], text_of(a)) for a in heading.find_all("a")] == [("tel:15", "15"), ("tel:112", "112")]


def test_a_section_called_urgence_does_not_take_the_box_id(client):
    article = ArticleFactory(published=False)
    SectionFactory(article=article, heading="Urgence")
    publish_now(article)
    page = soup(client.get(article.get_absolute_url()))
    assert len(page.select("#urgence")) == 1
    assert page.find("h2", id="urgence-2")


def test_the_uncached_article_page_still_costs_one_query_in_a_warm_process(client, django_assert_num_queries):
    article = ArticleFactory()
    client.get("/")  # the process has made the map of live articles and of the site's texts
    with django_assert_num_queries(1):  # the live revision
        page = soup(client.get(article.get_absolute_url()))
    assert page.select_one("article aside.urgency")
    assert page.find("footer").find("a", href="/accessibilite/")


def test_the_texts_read_by_every_page_are_read_once_per_process(client, django_assert_num_queries):
    first, second = ArticleFactory(), ArticleFactory()
    with django_assert_num_queries(3):  # revision, live articles, the site's texts and pages
        client.get(first.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(second.get_absolute_url())
