"""Editors list an article's sources under its text, in order, and cite them as [^1], [^2]…"""

import datetime

import pytest

from articles.models import Article
from tests.factories import SourceFactory, publish_now
from tests.html import form_values, soup, text_of

pytestmark = pytest.mark.django_db


def change_form(client, article: Article) -> dict[str, list[str]]:
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    return form_values(soup(response).find("form", id="article_form"))


def add_source(data: dict[str, list[str]], article: Article, position: int, **fields: str) -> None:
    n = int(data["sources-TOTAL_FORMS"][0])
    data.update({f"sources-{n}-{name}": [value] for name, value in fields.items()})
    data.update({
        f"sources-{n}-position": [str(position)], f"sources-{n}-article": [str(article.pk)],
        "sources-TOTAL_FORMS": [str(n + 1)],
    })  # fmt: skip


def test_the_change_form_tells_editors_how_to_cite_a_source(staff_client, article):
    page = soup(staff_client.get(f"/admin/articles/article/{article.pk}/change/"))
    heading = text_of(page.find(id="sources-heading"))
    assert "citez la source n° N dans le texte par [^N], N étant sa place dans cette liste" in heading


def test_an_editor_adds_sources_cites_them_and_readers_get_them_once_published(client, staff_client, article):
    versions = article.revisions.count()
    data = change_form(staff_client, article)
    data["introduction"] = ["La vaccination protège[^2], et tôt[^1]."]
    add_source(
        data, article, 1, title="Calendrier des vaccinations 2024", organisation="Ministère de la santé",
        url="https://sante.gouv.fr/calendrier", published_on="02/04/2024", consulted_on="12/11/2024",
    )  # fmt: skip
    add_source(data, article, 2, title="Avis sur la rougeole", consulted_on="13/11/2024")
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, soup(response).select(".errorlist")
    assert list(article.sources.values_list("position", "title", "published_on")) == [
        (1, "Calendrier des vaccinations 2024", datetime.date(2024, 4, 2)),
        (2, "Avis sur la rougeole", None),
    ]
    latest = article.revisions.first()
    assert article.revisions.count() == versions + 1
    assert [s["title"] for s in latest.content["sources"]] == [
        "Calendrier des vaccinations 2024",
        "Avis sur la rougeole",
    ]
    assert latest.checks["warnings"] == []
    assert "Avis sur la rougeole" not in client.get(article.get_absolute_url()).content.decode()
    article.refresh_from_db()
    publish_now(article)
    page = soup(client.get(article.get_absolute_url()))
    assert [a["href"] for a in page.select(".introduction sup.citation a")] == ["#source-2", "#source-1"]
    assert [text_of(li.find("cite")) for li in page.select("#sources li")] == [
        "Calendrier des vaccinations 2024",
        "Avis sur la rougeole",
    ]


def test_a_citation_of_a_missing_source_is_saved_with_a_warning_shown_on_the_form(staff_client, article):
    SourceFactory(article=article, position=1)
    data = change_form(staff_client, article)
    data["conclusion"] = ["Vaccinez-vous[^1][^3]."]
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    form = soup(staff_client.get(f"/admin/articles/article/{article.pk}/change/"))
    warnings = [text_of(li) for li in form.select(".content-warnings li")]
    assert (
        "La source n° 3 citée dans la conclusion n’existe pas : ajoutez-la à la liste des sources "
        "ou corrigez le numéro." in warnings
    )


def test_moving_a_source_up_changes_its_number_and_makes_a_new_version(staff_client, article):
    first, second = SourceFactory(article=article, position=1), SourceFactory(article=article, position=2)
    publish_now(article)
    data = change_form(staff_client, article)
    positions = {data[k][0]: k for k in data if k.startswith("sources-") and k.endswith("-id")}
    first_prefix = positions[str(first.pk)].removesuffix("id")
    second_prefix = positions[str(second.pk)].removesuffix("id")
    data[first_prefix + "position"], data[second_prefix + "position"] = ["2"], ["1"]
    assert staff_client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    assert [s["title"] for s in article.revisions.first().content["sources"]] == [second.title, first.title]
