import pytest
from django.core.cache import cache

from articles import publishing
from articles.models import Article
from articles.views import ARTICLES_PER_PAGE
from tests.factories import H2S, H3S, ArticleFactory, SectionFactory, publish_now
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def test_every_sommaire_link_lands_on_a_heading_of_the_page(client, article):
    page = soup(client.get(article.get_absolute_url()))
    links = page.select("nav.toc a")
    assert len(links) == len(H2S)
    for link in links:
        target = page.find(id=link["href"].removeprefix("#"))
        assert target is not None and target.name == "h2"
        assert text_of(target) == text_of(link)


def test_two_sections_with_the_same_heading_get_distinct_anchors(client):
    article = ArticleFactory()
    SectionFactory(article=article, heading="Les effets", position=1)
    SectionFactory(article=article, heading="Les effets", position=2)
    publish_now(article)
    page = soup(client.get(article.get_absolute_url()))
    hrefs = [a["href"] for a in page.select("nav.toc a")]
    assert hrefs == ["#les-effets", "#les-effets-2"]
    assert all(page.find(id=h[1:]) for h in hrefs)


def test_the_sommaire_is_a_labelled_navigation(client, article):
    nav = soup(client.get(article.get_absolute_url())).find("nav", class_="toc")
    assert nav.find(id=nav["aria-labelledby"]).get_text() == "Sommaire"


def test_a_draft_is_not_found_by_the_public(client):
    draft = ArticleFactory(published=False, title="Brouillon secret")
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "Brouillon secret" not in response.content.decode()


def test_staff_too_get_a_404_for_a_draft_at_its_public_address_and_preview_it_in_the_admin(staff_client):
    draft = ArticleFactory(published=False, title="Brouillon en cours")
    assert staff_client.get(draft.get_absolute_url()).status_code == 404
    response = staff_client.get(f"/admin/articles/article/{draft.pk}/apercu/contenu/")
    page = soup(response)
    assert page.find("h1").get_text() == "Brouillon en cours"
    assert "Les lecteurs ne voient pas cette version" in text_of(page.find(class_="draft-banner"))
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_home_page_lists_published_articles_newest_first(client):
    ArticleFactory(title="Ancien article", introduction="Ce qu’on savait déjà.")
    ArticleFactory(title="Nouvel article")
    ArticleFactory(title="Pas encore prêt", published=False)
    page = soup(client.get("/"))
    titles = [text_of(a) for a in page.select(".article-list h2 a")]
    assert titles[:2] == ["Nouvel article", "Ancien article"]
    assert "Pas encore prêt" not in titles
    assert "Ce qu’on savait déjà." in page.get_text()


def test_an_unknown_page_answers_404_in_french_in_the_site_layout(client):
    response = client.get("/articles/nexiste-pas/")
    assert response.status_code == 404
    page = soup(response)
    assert page.find("h1").get_text() == "Page introuvable"
    assert page.html["lang"] == "fr"
    assert page.find("a", class_="site-name")


@pytest.mark.parametrize("count", [10, 200])
def test_the_article_page_costs_one_query_whatever_its_length_and_three_in_a_fresh_process(
    client, django_assert_num_queries, count
):
    article = ArticleFactory()
    target = ArticleFactory()
    SectionFactory.create_batch(count, article=article, read_also=target)
    publish_now(article)
    # The live revision, the map of live articles (for teasers), and the map of the site's texts
    # and pages (footer, end of the article): the three the issue allows, in a fresh process.
    with django_assert_num_queries(3):
        response = client.get(article.get_absolute_url())
    assert len(soup(response).select("article section.section")) == count
    assert len(soup(response).select("aside.teaser")) == count
    publish_now(ArticleFactory())  # the map is made again, this page stays
    client.get("/")
    with django_assert_num_queries(1):
        client.get(target.get_absolute_url())


@pytest.mark.parametrize("count", [10, 200])
def test_staff_pages_cost_a_fixed_number_of_queries_too(staff_client, staff, django_assert_num_queries, count):
    article = ArticleFactory()
    SectionFactory.create_batch(count, article=article, read_also=ArticleFactory(published=False))
    publish_now(article)
    staff_client.get("/")  # warm the session and the map of live articles
    with django_assert_num_queries(1):  # the live revision: the page never asks who the user is
        response = staff_client.get(article.get_absolute_url())
    assert len(soup(response).select("article section.section")) == count
    assert not soup(response).select("aside.teaser")  # their targets are not live


def test_an_unchanged_page_is_served_again_from_the_cache_without_queries(client, article, django_assert_num_queries):
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert article.conclusion in response.content.decode()


def test_a_reader_with_a_current_copy_gets_304(client, article):
    first = client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_saved_change_is_not_served_until_published_then_at_the_next_request(client, article):
    first = client.get(article.get_absolute_url())
    section = article.sections.get(heading=H3S[-1])
    section.heading = "Si la fièvre persiste"
    section.save()
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    publish_now(article)
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Si la fièvre persiste" in again.content.decode()


def test_a_page_asked_with_tracking_parameters_gets_the_shared_page_and_stores_no_variant(
    client, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(f"{article.get_absolute_url()}?utm_source=lettre&x=1")
    assert response.status_code == 200
    assert response["ETag"] == first["ETag"]
    assert cache.get(f"articles:page:{article.get_absolute_url()}?utm_source=lettre&x=1") is None


def test_the_home_page_lists_twenty_articles_a_page_with_links_between_pages(client):
    for other in Article.objects.all():  # the pages hold this test's articles only
        publishing.unpublish(other, None)
    ArticleFactory.create_batch(ARTICLES_PER_PAGE + 5)
    first = soup(client.get("/"))
    assert len(first.select(".article-list > li")) == ARTICLES_PER_PAGE
    assert text_of(first.find(class_="page-count")) == "Page 1 sur 2"
    older = first.select_one('nav.pagination a[rel="next"]')
    second = soup(client.get("/" + older["href"]))
    assert len(second.select(".article-list > li")) == 5
    assert second.title.get_text().startswith("Articles, page 2")
    assert second.select_one('nav.pagination a[rel="prev"]')["href"] == "?page=1"
    assert second.select_one('nav.pagination a[rel="next"]') is None


def test_a_server_error_answers_500_in_french(client, article, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr("articles.views.render_article", broken)
    client.raise_request_exception = False
    response = client.get(article.get_absolute_url())
    assert response.status_code == 500
    page = soup(response)
    assert page.html["lang"] == "fr"
    assert page.find("h1").get_text() == "Une erreur est survenue"


def test_a_page_cached_while_a_save_is_being_committed_is_not_kept(
    client, article, django_capture_on_commit_callbacks, django_assert_num_queries
):
    section = article.sections.get(heading=H3S[-1])
    section.heading = "Si la fièvre persiste"
    section.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish_now(article)
        # A reader served between the save and the commit may get a page cached from rows that
        # another transaction cannot see yet...
        client.get(article.get_absolute_url())
    # ...so the commit makes it stale: the next reader gets a page made again.
    with django_assert_num_queries(2):  # the revision, the map of live articles (a list changed)
        after = client.get(article.get_absolute_url())
    assert "Si la fièvre persiste" in after.content.decode()
