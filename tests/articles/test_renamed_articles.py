"""A renamed article: its earlier published addresses answer 301 to its address now, in one hop."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import live, publishing, revisions
from articles.models import Article
from tests.factories import ArticleFactory, publish_now

pytestmark = pytest.mark.django_db


def rename(article: Article, slug: str, publish: bool = True) -> None:
    article.slug = slug
    article.save()
    if publish:
        publish_now(article)


def assert_moved(client, path: str, to: str) -> None:
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (301, to)


def test_the_old_address_answers_301_to_the_new_one(client):
    article = ArticleFactory(slug="vaccins")
    rename(article, "les-vaccins")
    assert_moved(client, "/articles/vaccins/", "/articles/les-vaccins/")
    assert client.get("/articles/les-vaccins/").status_code == 200


def test_a_chain_of_renames_leads_every_old_address_to_the_last_in_one_hop(client):
    article = ArticleFactory(slug="a")
    rename(article, "b")
    rename(article, "c")
    assert_moved(client, "/articles/a/", "/articles/c/")
    assert_moved(client, "/articles/b/", "/articles/c/")


def test_an_article_renamed_back_serves_its_first_address_and_the_second_leads_there(client):
    article = ArticleFactory(slug="a")
    rename(article, "b")
    rename(article, "a")
    assert client.get("/articles/a/").status_code == 200
    assert_moved(client, "/articles/b/", "/articles/a/")


def test_an_old_address_taken_up_by_another_article_belongs_to_that_article(client):
    first = ArticleFactory(slug="allergies", title="Les allergies (ancien)")
    rename(first, "allergies-2019")
    assert_moved(client, "/articles/allergies/", "/articles/allergies-2019/")
    ArticleFactory(slug="allergies", title="Les allergies")
    response = client.get("/articles/allergies/")
    assert response.status_code == 200
    assert "<h1>Les allergies</h1>" in response.content.decode()


def test_an_old_address_of_an_article_taken_up_then_dropped_by_another_leads_to_the_other(client):
    first = ArticleFactory(slug="allergies")
    rename(first, "allergies-2019")
    second = ArticleFactory(slug="allergies")
    rename(second, "les-allergies")
    assert_moved(client, "/articles/allergies/", "/articles/les-allergies/")


def test_an_address_only_saved_or_scheduled_is_not_an_old_address(client):
    article = ArticleFactory(slug="grippe")
    rename(article, "la-grippe-saisonniere", publish=False)  # in the working copy only
    rename(article, "grippe")
    assert client.get("/articles/la-grippe-saisonniere/").status_code == 404
    draft = ArticleFactory(slug="rhume", published=False)
    rename(draft, "le-rhume", publish=False)
    assert client.get("/articles/rhume/").status_code == 404
    rename(article, "grippe-a-venir", publish=False)
    scheduled = revisions.snapshot(article, None)
    publishing._publish(article, scheduled, timezone.now() + timedelta(days=1), timezone.now())
    scheduled.save()
    assert client.get("/articles/grippe/").status_code == 200
    assert client.get("/articles/grippe-a-venir/").status_code == 404


def test_an_unpublished_article_s_old_addresses_are_not_found(client):
    article = ArticleFactory(slug="a")
    rename(article, "b")
    publishing.unpublish(article, None)
    assert client.get("/articles/a/").status_code == 404
    assert client.get("/articles/b/").status_code == 404


def test_the_redirect_keeps_the_query_string(client):
    article = ArticleFactory(slug="a")
    rename(article, "b")
    assert_moved(
        client, "/articles/a/?utm_source=lettre&utm_medium=email", "/articles/b/?utm_source=lettre&utm_medium=email"
    )


def test_a_browser_asks_again_before_following_a_kept_redirect(client):
    article = ArticleFactory(slug="a")
    rename(article, "b")
    assert client.get("/articles/a/")["Cache-Control"] == "no-cache"


def test_an_old_address_costs_one_query_and_an_unknown_one_too(client, django_assert_num_queries):
    article = ArticleFactory(slug="a")
    rename(article, "b")
    client.get("/articles/b/")  # warm: the maps of live articles and of the site
    with django_assert_num_queries(1):
        assert client.get("/articles/a/").status_code == 301
    with django_assert_num_queries(1):
        assert client.get("/articles/jamais-publie/").status_code == 404


def test_lookup_tells_the_page_from_an_old_address():
    article = ArticleFactory(slug="a")
    rename(article, "b")
    assert live.lookup("a") == live.Moved("b")
    assert live.lookup("b").pk == article.pk
    assert live.page_for_slug("a") is None
    assert live.page_at_any_address("a").slug == "b"


def test_an_address_still_live_under_a_renamed_working_copy_cannot_be_published_by_another_article(client):
    first = ArticleFactory(slug="allergies", title="Les allergies")
    rename(first, "allergies-2019", publish=False)  # its working copy moves; the live page stays
    second = ArticleFactory(slug="allergies", title="Allergies saisonnières", published=False)
    with pytest.raises(publishing.WorkflowError, match="« Les allergies »"):
        publish_now(second)
    response = client.get("/articles/allergies/")
    assert "<h1>Les allergies</h1>" in response.content.decode(), "the live article keeps its address"


def test_the_admin_refuses_a_live_address_of_another_article_with_its_title(admin_client):
    first = ArticleFactory(slug="allergies", title="Les allergies")
    rename(first, "allergies-2019", publish=False)
    response = admin_client.post(
        "/admin/articles/article/add/", {"title": "Allergies saisonnières", "slug": "allergies"}, follow=False
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["slug"]
    assert errors == [
        "Cette adresse est celle de l’article publié « Les allergies » (il est en ligne ou le sera) : choisissez-en une autre."
    ]
