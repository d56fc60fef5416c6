"""The article's description for search engines and link previews: written by the editors on the
working copy, live once approved like the rest of the text, the introduction's start when empty."""

import importlib
from dataclasses import replace

import pytest
from django.apps import apps

from articles import article_file, exchange, publishing, revisions
from articles.models import Article, Revision
from articles.revisions import DESCRIPTION_CHARS
from articles.snapshot_diff import compare
from tests.factories import ArticleFactory, publish_now
from tests.html import form_values, soup, text_of

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("articles.migrations.0021_seo_meta_description")
LONG_INTRODUCTION = " ".join(["La vaccination protège chacun et ceux qui ne peuvent pas l’être."] * 6)


def descriptions(client, article: Article) -> tuple[str, str]:
    page = soup(client.get(article.get_absolute_url()))
    return (
        page.find("meta", attrs={"name": "description"})["content"],
        page.find("meta", property="og:description")["content"],
    )


def test_without_one_the_description_is_the_introduction_s_start_cut_for_search_engines(client):
    article = ArticleFactory(introduction=LONG_INTRODUCTION)
    description, shared = descriptions(client, article)
    assert description == shared
    assert len(description) <= DESCRIPTION_CHARS
    assert description.startswith("La vaccination protège chacun") and description.endswith("…")


def test_the_editors_description_reaches_readers_once_published(client):
    article = ArticleFactory(introduction=LONG_INTRODUCTION)
    article.meta_description = "Vaccins : comment ils protègent, pour qui, et quand les faire."
    article.save()
    revisions.snapshot(article, None)
    assert descriptions(client, article)[0].startswith("La vaccination protège chacun")
    publish_now(article)
    assert descriptions(client, article) == (article.meta_description, article.meta_description)


def test_the_admin_form_has_the_field_explained_in_french_and_refuses_a_long_one(staff_client):
    article = ArticleFactory(published=False)
    url = f"/admin/articles/article/{article.pk}/change/"
    page = soup(staff_client.get(url))
    label = page.find("label", attrs={"for": "id_meta_description"})
    assert text_of(label).startswith("Description pour les moteurs de recherche")
    assert "160 caractères au plus" in text_of(page.find(id="id_meta_description_helptext"))
    data = form_values(page.find("form", id="article_form"))
    data["meta_description"] = ["x" * (DESCRIPTION_CHARS + 1)]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "au plus 160 caractères" in text_of(soup(response).find(class_="errorlist"))
    data["meta_description"] = ["Vaccins : comment ils protègent."]
    assert staff_client.post(url, data).status_code == 302
    assert revisions.latest(article).content["meta_description"] == "Vaccins : comment ils protègent."


def test_a_reviewer_sees_a_changed_description_in_the_comparison():
    old = revisions.working_copy_content(ArticleFactory(published=False))
    new = {**old, "meta_description": "Une description."}
    (change,) = compare(old, new, {}).fields
    assert (change.label, change.old, change.new) == (
        "Description pour les moteurs de recherche",
        "",
        "Une description.",
    )


def test_the_migration_gives_every_version_the_key_and_an_unchanged_save_makes_no_new_version():
    article = ArticleFactory()
    revision = Revision.objects.get(article=article)
    content = {k: v for k, v in revision.content.items() if k != "meta_description"}
    Revision.objects.filter(pk=revision.pk).update(content=content, content_hash=revisions.content_hash(content))
    MIGRATION.add_key(apps, None)
    revision.refresh_from_db()
    assert revision.content["meta_description"] == ""
    assert revision.content_hash == revisions.content_hash(revision.content)
    assert publishing.record_save(article, None) is None


def test_the_article_file_carries_the_description_and_an_import_saves_it_as_the_admin_does():
    article = ArticleFactory(published=False, meta_description="Vaccins : comment ils protègent.")
    publishing.record_save(article, None)
    document = exchange.export(article)
    assert "\ndescription: 'Vaccins : comment ils protègent.'\n" in article_file.write(document)
    assert exchange.import_file(document, None).revision is None
    exchange.import_file(replace(document, description="Vaccins : pour qui, et quand ?"), None)
    article.refresh_from_db()
    assert article.meta_description == "Vaccins : pour qui, et quand ?"
    assert revisions.latest(article).content["meta_description"] == "Vaccins : pour qui, et quand ?"
