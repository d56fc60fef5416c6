from urllib.parse import urlencode

import pytest

from articles.models import Article, Section
from feedback.models import Feedback
from tests.factories import H3S, FeedbackFactory, publish_now
from tests.html import form_values, soup, text_of

pytestmark = pytest.mark.django_db


def change_form(client, article: Article) -> dict[str, list[str]]:
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    return form_values(soup(response).find("form", id="article_form"))


def section_prefix(data: dict[str, list[str]], heading: str) -> str:
    key = next(k for k, v in data.items() if k.endswith("-heading") and v == [heading])
    return key.removesuffix("heading")


def test_an_editor_changes_a_section_and_readers_see_it_once_published(client, staff_client, article):
    client.get(article.get_absolute_url())  # a reader's visit fills the page cache
    data = change_form(staff_client, article)
    prefix = section_prefix(data, H3S[-1])
    data[prefix + "heading"] = ["Si la fièvre persiste"]
    data[prefix + "body"] = ["Si la fièvre dure **plus de deux jours**."]
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, soup(response).select(".errorlist")
    assert "Si la fièvre persiste" not in client.get(article.get_absolute_url()).content.decode()
    publish_now(article)
    page = soup(client.get(article.get_absolute_url()))
    heading = page.find("h3", string="Si la fièvre persiste")
    assert heading is not None
    assert heading.find_next("p").decode_contents() == "Si la fièvre dure <strong>plus de deux jours</strong>."


def test_an_editor_reorders_sections_by_their_position(client, staff_client, article):
    data = change_form(staff_client, article)
    first, second = section_prefix(data, H3S[-2]), section_prefix(data, H3S[-1])
    data[first + "position"], data[second + "position"] = data[second + "position"], data[first + "position"]
    assert staff_client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    publish_now(article)
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
    publish_now(article)
    headings = [
        text_of(h)
        for h in soup(client.get(article.get_absolute_url())).select(
            "article section.section h2, article section.section h3"
        )
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


def test_the_article_list_is_in_french_with_state_and_a_link_to_the_site(staff_client, article):
    page = soup(
        staff_client.get("/admin/articles/article/?" + urlencode({"state__exact": "published", "q": article.title}))
    )
    assert page.html["lang"] == "fr"
    rows = page.select("#result_list tbody tr")
    assert len(rows) == 1
    assert "Publié" in text_of(rows[0])
    assert rows[0].find("a", href=article.get_absolute_url())
    assert "Filtre" in page.get_text()


def test_an_article_cannot_be_deleted_but_archiving_takes_it_down_and_keeps_its_history(client, staff_client, article):
    FeedbackFactory(article=article, comment="Très utile, merci.")
    page = staff_client.get(f"/admin/articles/article/{article.pk}/delete/")
    assert page.status_code == 403
    data = change_form(staff_client, article)
    data["_archive"] = ["Archiver"]
    assert staff_client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    article.refresh_from_db()
    assert article.state == Article.State.ARCHIVED
    assert client.get(article.get_absolute_url()).status_code == 404
    assert Feedback.objects.filter(article=article).count() == 1
    assert article.revisions.count() == 1
    assert list(article.events.values_list("action", flat=True)[:2]) == ["archived", "unpublished"]
