"""Two editors on one article: the second save is refused, says who saved and when, shows what
they changed, keeps what this editor typed, and writes nothing."""

from datetime import UTC, datetime

import pytest

from articles.admin import APPROVE, ARCHIVE, REQUEST_CHANGES, RESCHEDULE_REVIEW, SUBMIT, UNPUBLISH
from articles.models import Article
from tests.articles.test_admin import change_form, section_prefix
from tests.factories import H3S, StaffFactory
from tests.html import form_values, soup, text_of

pytestmark = pytest.mark.django_db

REFUSED = "a changé depuis que vous avez ouvert cette page"


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def colleague_client(client):
    other = client.__class__()
    other.force_login(StaffFactory(username="cmartin", first_name="Claire", last_name="Martin"))
    return other


def colleague_saves(colleague_client, article: Article, heading: str, body: str) -> None:
    """Claire Martin changes one section's text and saves, on 30 November at 14:05 in Paris."""
    data = change_form(colleague_client, article)
    data[section_prefix(data, heading) + "body"] = [body]
    assert colleague_client.post(change_url(article), data).status_code == 302
    latest = article.revisions.first()
    latest.created_at = datetime(2025, 11, 30, 13, 5, tzinfo=UTC)
    latest.save(update_fields=["created_at"])


def what_is_written(article: Article) -> tuple:
    article.refresh_from_db()
    sections = list(article.sections.values_list("heading", "level", "body", "position"))
    return article.title, article.state, article.version, sections, article.revisions.count(), article.events.count()


def test_a_save_after_a_colleagues_is_refused_with_who_when_and_what_they_changed(
    staff_client, colleague_client, article
):
    mine = change_form(staff_client, article)
    colleague_saves(colleague_client, article, H3S[0], "Le texte de Claire, relu.")
    written = what_is_written(article)

    mine["title"] = ["Mon nouveau titre"]
    mine[section_prefix(mine, H3S[1]) + "body"] = ["Mon paragraphe, tapé pendant ce temps."]
    response = staff_client.post(change_url(article), mine)

    assert response.status_code == 200
    page = soup(response)
    assert REFUSED in text_of(page.select_one(".errorlist.nonfield"))
    conflict = text_of(page.select_one("#conflit"))
    assert "Claire Martin a enregistré cet article le 30 novembre à 14 h 05." in conflict
    changed = page.select("#conflit .diff-section")
    assert [text_of(s.find("h3")) for s in changed] == [H3S[0]]
    assert "Claire" in text_of(changed[0].select_one("ins"))
    assert page.select_one("#id_title")["value"] == "Mon nouveau titre"
    kept = page.find("textarea", attrs={"name": section_prefix(mine, H3S[1]) + "body"})
    assert kept.text.strip() == "Mon paragraphe, tapé pendant ce temps."
    assert what_is_written(article) == written


def test_a_change_to_a_section_alone_is_refused_too(staff_client, colleague_client, article):
    mine = change_form(staff_client, article)
    colleague_saves(colleague_client, article, H3S[0], "Le texte de Claire.")
    written = what_is_written(article)

    mine[section_prefix(mine, H3S[2]) + "heading"] = ["Un titre changé dans une section"]
    response = staff_client.post(change_url(article), mine)

    assert REFUSED in text_of(soup(response).select_one(".errorlist.nonfield"))
    assert 'value="Un titre changé dans une section"' in response.content.decode()
    assert what_is_written(article) == written


@pytest.mark.parametrize(
    "button", ["_continue", SUBMIT, APPROVE, REQUEST_CHANGES, UNPUBLISH, ARCHIVE, RESCHEDULE_REVIEW]
)
def test_every_button_of_a_stale_form_is_refused_and_writes_nothing(staff_client, colleague_client, article, button):
    mine = change_form(staff_client, article)
    colleague_saves(colleague_client, article, H3S[0], "Le texte de Claire.")
    written = what_is_written(article)

    mine.update({button: ["x"], "review_scope": ["complete"], "workflow_comment": ["Un commentaire"]})
    mine["next_review_on"] = ["2030-01-01"]
    response = staff_client.post(change_url(article), mine)

    assert response.status_code == 200
    assert REFUSED in text_of(soup(response).select_one(".errorlist.nonfield"))
    assert what_is_written(article) == written


def test_sending_the_refused_form_again_is_refused_again(staff_client, colleague_client, article):
    mine = change_form(staff_client, article)
    colleague_saves(colleague_client, article, H3S[0], "Le texte de Claire.")
    mine["title"] = ["Mon titre"]
    first = soup(staff_client.post(change_url(article), mine)).find("form", id="article_form")

    again = staff_client.post(change_url(article), form_values(first))

    assert REFUSED in text_of(soup(again).select_one(".errorlist.nonfield"))
    article.refresh_from_db()
    assert article.title == "La vaccination"


def test_a_section_the_colleague_deleted_leaves_the_refused_form_readable(staff_client, colleague_client, article):
    mine = change_form(staff_client, article)
    theirs = change_form(colleague_client, article)
    theirs[section_prefix(theirs, H3S[0]) + "DELETE"] = ["on"]
    assert colleague_client.post(change_url(article), theirs).status_code == 302
    mine[section_prefix(mine, H3S[0]) + "body"] = ["Mon texte dans la section supprimée."]

    response = staff_client.post(change_url(article), mine)

    assert response.status_code == 200
    page = soup(response)
    assert "Section supprimée" in text_of(page.select_one("#conflit"))
    assert "Mon texte dans la section supprimée." in response.content.decode()
    assert not article.sections.filter(heading=H3S[0]).exists()


def test_my_own_save_in_another_window_is_told_as_mine(staff_client, article):
    first_window = change_form(staff_client, article)
    second_window = change_form(staff_client, article)
    second_window["title"] = ["Titre de l’autre fenêtre"]
    assert staff_client.post(change_url(article), second_window).status_code == 302

    response = staff_client.post(change_url(article), first_window)

    assert "Vous avez enregistré cet article dans une autre fenêtre le" in text_of(
        soup(response).select_one("#conflit")
    )


def test_a_form_opened_after_the_colleagues_save_saves(staff_client, colleague_client, article):
    colleague_saves(colleague_client, article, H3S[0], "Le texte de Claire.")
    mine = change_form(staff_client, article)
    mine["title"] = ["Mon titre"]

    assert staff_client.post(change_url(article), mine).status_code == 302
    article.refresh_from_db()
    assert article.title == "Mon titre"
    assert article.sections.get(heading=H3S[0]).body == "Le texte de Claire."
