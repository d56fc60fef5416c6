"""Editors manage the thématiques in the admin and choose an article's topics on its form."""

import pytest
from django.contrib.auth.models import Group

from articles import publishing
from articles.models import ArticleTopic, Revision, Topic
from tests.factories import ArticleFactory, ReviewerFactory, TopicFactory, WriterFactory, in_topics, publish_now
from tests.html import form_values, soup, text_of

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/topic/add/"
TOPIC = {"name": "Vaccination", "slug": "vaccination", "description": "Les vaccins, à tout âge."}
MINOR = publishing.Approval(scope=Revision.Scope.MINOR)


def errors(response) -> list[str]:
    return [text_of(e) for e in soup(response).select(".errorlist li, .errornote")]


def change_url(topic: Topic) -> str:
    return f"/admin/articles/topic/{topic.pk}/change/"


@pytest.fixture(params=["Rédacteurs", "Relecteurs médicaux"])
def editor_client(client, request):
    """A member of one editorial group, no superuser: both groups manage the thématiques."""
    user = WriterFactory()
    user.groups.add(Group.objects.get(name=request.param))
    client.force_login(user)
    return client


@pytest.fixture
def writer():
    user = WriterFactory()
    user.groups.add(Group.objects.get(name="Rédacteurs"))
    return user


def test_an_editor_adds_a_topic_that_readers_then_find(client, editor_client):
    form = soup(editor_client.get(ADD_URL)).find("form", id="topic_form")
    assert form.find("label", attrs={"for": "id_name"}).get_text(strip=True).startswith("Nom")
    assert form.find("label", attrs={"for": "id_description"}).get_text(strip=True).startswith("Description")
    response = editor_client.post(ADD_URL, TOPIC)
    assert response.status_code == 302, errors(response)
    page = soup(client.get("/themes/vaccination/"))
    assert text_of(page.find("h1")) == "Vaccination"
    assert "Les vaccins, à tout âge." in text_of(page.find("main"))


def test_two_topics_cannot_share_a_name_or_an_address(editor_client):
    TopicFactory(name="Vaccination", slug="vaccination")
    response = editor_client.post(ADD_URL, TOPIC)
    assert response.status_code == 200
    assert "Une thématique porte déjà ce nom." in errors(response)
    assert "Une autre thématique a déjà cette adresse." in errors(response)
    assert Topic.objects.count() == 1


def test_renaming_a_topic_shows_at_once_on_its_cached_pages_and_on_its_articles(client, editor_client):
    topic = TopicFactory(name="Vaccins", slug="vaccins")
    article = in_topics(ArticleFactory(published=False), topic)
    publish_now(article)
    for path in ("/themes/", "/themes/vaccins/", article.get_absolute_url(), "/"):
        assert "Vaccins" in client.get(path).content.decode()  # now in the page cache
    data = form_values(soup(editor_client.get(change_url(topic))).find("form", id="topic_form"))
    data["name"] = ["Vaccination"]
    response = editor_client.post(change_url(topic), data)
    assert response.status_code == 302, errors(response)
    assert text_of(soup(client.get("/themes/vaccins/")).find("h1")) == "Vaccination"
    breadcrumb = soup(client.get(article.get_absolute_url())).find("nav", attrs={"aria-label": "Fil d’Ariane"})
    assert "Vaccination" in text_of(breadcrumb)
    assert "Vaccination" in text_of(soup(client.get("/themes/")).find("main"))
    assert "Vaccination" in text_of(soup(client.get("/")).find("main"))


def test_an_unused_topic_is_deleted_and_its_page_is_gone(client, editor_client):
    topic = TopicFactory(slug="ancienne")
    assert client.get("/themes/ancienne/").status_code == 200
    response = editor_client.post(f"/admin/articles/topic/{topic.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Topic.objects.exists()
    assert client.get("/themes/ancienne/").status_code == 404


def test_a_topic_an_article_still_chooses_cannot_be_deleted(editor_client):
    topic = TopicFactory()
    article = in_topics(ArticleFactory(published=False), topic)
    response = editor_client.post(f"/admin/articles/topic/{topic.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    text = text_of(soup(response).find(id="content"))
    assert "provoquerait la suppression des objets liés et protégés suivants" in text
    assert f"Article classé dans la thématique: {article.title}" in text
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_a_deleted_topic_leaves_the_live_articles_that_named_it(client, staff_client):
    gone, kept = TopicFactory(name="Disparue"), TopicFactory(name="Gardée")
    article = in_topics(ArticleFactory(published=False), gone, kept)
    publish_now(article)
    ArticleTopic.objects.filter(topic=gone).delete()  # the working copy left it, not yet approved
    assert "Disparue" in text_of(soup(client.get(article.get_absolute_url())).find("nav"))
    response = staff_client.post(f"/admin/articles/topic/{gone.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, errors(response)
    breadcrumb = text_of(soup(client.get(article.get_absolute_url())).find("nav"))
    assert "Disparue" not in breadcrumb and "Gardée" in breadcrumb


def test_the_list_shows_each_topics_live_articles(staff_client):
    topic = TopicFactory(name="Allergies")
    for published in (True, True, False):
        article = in_topics(ArticleFactory(published=False), topic)
        if published:
            publish_now(article)
    row = soup(staff_client.get("/admin/articles/topic/?q=Allergies")).select_one("#result_list tbody tr")
    cells = [text_of(cell) for cell in row.find_all(["th", "td"])][1:]
    assert cells == ["Allergies", topic.slug, "2"]


def article_form(client, article) -> dict[str, list[str]]:
    return form_values(
        soup(client.get(f"/admin/articles/article/{article.pk}/change/")).find("form", id="article_form")
    )


def with_topics(data: dict[str, list[str]], article, *topics: Topic) -> dict[str, list[str]]:
    for number, topic in enumerate(topics):
        data.update({
            f"topic_links-{number}-topic": [str(topic.pk)], f"topic_links-{number}-position": [str(number + 1)],
            f"topic_links-{number}-article": [str(article.pk)], f"topic_links-{number}-id": [""],
        })  # fmt: skip
    data["topic_links-TOTAL_FORMS"] = [str(len(topics))]
    return data


def test_choosing_topics_on_the_article_form_saves_a_new_version_naming_them_in_order(editor_client):
    article = ArticleFactory()
    before = article.revisions.count()
    first, second = TopicFactory(), TopicFactory()
    data = with_topics(article_form(editor_client, article), article, second, first)
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, errors(response)
    assert article.revisions.count() == before + 1
    assert article.revisions.first().content["topics"] == [second.pk, first.pk]
    again = editor_client.post(f"/admin/articles/article/{article.pk}/change/", article_form(editor_client, article))
    assert again.status_code == 302, errors(again)
    assert article.revisions.count() == before + 1  # saved unchanged: no new version


def test_a_topic_is_chosen_once(editor_client):
    article = ArticleFactory()
    topic = TopicFactory()
    data = with_topics(article_form(editor_client, article), article, topic, topic)
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert "Une même thématique figure deux fois : retirez l’une des deux lignes." in errors(response)
    assert not ArticleTopic.objects.exists()


def test_the_comparison_names_the_topics_that_changed(staff_client):
    vaccins, enfants = TopicFactory(name="Vaccins"), TopicFactory(name="Enfants")
    article = in_topics(ArticleFactory(published=False), vaccins)
    publishing.record_save(article, None)
    ArticleTopic.objects.filter(article=article).delete()
    in_topics(article, enfants, vaccins)
    publishing.record_save(article, None)
    page = soup(staff_client.get(f"/admin/articles/article/{article.pk}/comparer/?de=1&a=2"))
    text = text_of(page.find(id="content-main"))
    assert "Thématiques" in text
    assert "Thématiques [ajout : Enfants, ] Vaccins" in text


def test_topics_changed_in_the_working_copy_reach_readers_only_once_approved(client, writer):
    reviewer = ReviewerFactory()
    topic = TopicFactory(name="Cancers", slug="cancers")
    article = ArticleFactory(title="L’immunothérapie")
    in_topics(article, topic)
    publishing.record_save(article, writer)
    assert "Cancers" not in text_of(soup(client.get(article.get_absolute_url())).find("nav"))
    assert "L’immunothérapie" not in client.get("/themes/cancers/").content.decode()
    publishing.submit(article, writer)
    assert "L’immunothérapie" not in client.get("/themes/cancers/").content.decode()
    publishing.approve_and_publish(article, reviewer, MINOR)
    assert "Cancers" in text_of(soup(client.get(article.get_absolute_url())).find("nav"))
    assert "L’immunothérapie" in client.get("/themes/cancers/").content.decode()


def test_restoring_a_version_brings_back_its_topics_in_the_working_copy(writer):
    first, second = TopicFactory(), TopicFactory()
    article = in_topics(ArticleFactory(published=False), first, second)
    old = publishing.record_save(article, writer)
    ArticleTopic.objects.filter(article=article).delete()
    publishing.record_save(article, writer)
    publishing.restore(article, old, writer)
    assert list(article.topic_links.values_list("topic_id", flat=True)) == [first.pk, second.pk]
