from urllib.parse import urlencode

import pytest

from articles.models import Article, Section
from feedback.models import Feedback
from tests.factories import H3S, ArticleFactory, FeedbackFactory
from tests.html import form_values, soup, text_of

pytestmark = pytest.mark.django_db


def change_form(client, article: Article) -> dict[str, list[str]]:
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    return form_values(soup(response).find("form", id="article_form"))


def section_prefix(data: dict[str, list[str]], heading: str) -> str:
    key = next(k for k, v in data.items() if k.endswith("-heading") and v == [heading])
    return key.removesuffix("heading")


def test_an_editor_changes_a_section_in_the_admin_and_readers_see_it_at_once(client, staff_client, article):
    client.get(article.get_absolute_url())  # a reader's visit fills the page cache
    data = change_form(staff_client, article)
    prefix = section_prefix(data, H3S[-1])
    data[prefix + "heading"] = ["Si la fièvre persiste"]
    data[prefix + "body"] = ["Si la fièvre dure **plus de deux jours**."]
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, soup(response).select(".errorlist")
    page = soup(client.get(article.get_absolute_url()))
    heading = page.find("h3", string="Si la fièvre persiste")
    assert heading is not None
    assert heading.find_next("p").decode_contents() == "Si la fièvre dure <strong>plus de deux jours</strong>."


def test_an_editor_reorders_sections_by_their_position(client, staff_client, article):
    data = change_form(staff_client, article)
    first, second = section_prefix(data, H3S[-2]), section_prefix(data, H3S[-1])
    data[first + "position"], data[second + "position"] = data[second + "position"], data[first + "position"]
    assert staff_client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    headings = [text_of(h) for h in soup(client.get(article.get_absolute_url())).select("article section h3")]
    assert headings.index(H3S[-1]) < headings.index(H3S[-2])


def test_an_editor_adds_a_section_and_removes_another(client, staff_client, article):
    sections_before = article.sections.count()
    data = change_form(staff_client, article)
    data[section_prefix(data, H3S[-1]) + "DELETE"] = ["on"]
    total = int(data["sections-TOTAL_FORMS"][0])
    data.update({
        f"sections-{total}-heading": ["Questions fréquentes"], f"sections-{total}-level": ["2"],
        f"sections-{total}-body": ["Posez-les à votre médecin."], f"sections-{total}-position": ["99"],
        f"sections-{total}-article": [str(article.pk)], "sections-TOTAL_FORMS": [str(total + 1)],
    })  # fmt: skip
    assert staff_client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    headings = [
        text_of(h)
        for h in soup(client.get(article.get_absolute_url())).select("article section h2, article section h3")
    ]
    assert headings[-1] == "Questions fréquentes"
    assert H3S[-1] not in headings
    assert Section.objects.filter(article=article).count() == sections_before


def test_a_teaser_cannot_point_to_its_own_article(staff_client, article):
    data = change_form(staff_client, article)
    data[section_prefix(data, H3S[-1]) + "read_also"] = [str(article.pk)]
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert "Choisissez un autre article que celui-ci." in response.content.decode()


def test_the_article_list_is_in_french_with_status_and_a_link_to_the_site(staff_client, article):
    page = soup(
        staff_client.get("/admin/articles/article/?" + urlencode({"status__exact": "published", "q": article.title}))
    )
    assert page.html["lang"] == "fr"
    rows = page.select("#result_list tbody tr")
    assert len(rows) == 1
    assert "Publié" in text_of(rows[0])
    assert rows[0].find("a", href=article.get_absolute_url())
    assert "Filtre" in page.get_text()


def test_an_article_with_readers_opinions_cannot_be_deleted_and_the_editor_is_told_why(staff_client, article):
    FeedbackFactory(article=article, comment="Très utile, merci.")
    url = f"/admin/articles/article/{article.pk}/delete/"
    page = staff_client.get(url)
    assert "Impossible de supprimer" in page.content.decode()
    assert "objets liés et protégés suivants" in text_of(soup(page))
    staff_client.post(url, {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists()
    assert Feedback.objects.filter(article=article).count() == 1


def test_an_article_without_opinions_can_still_be_deleted(staff_client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    staff_client.post(f"/admin/articles/article/{draft.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=draft.pk).exists()
