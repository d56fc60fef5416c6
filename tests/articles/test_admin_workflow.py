"""The workflow's buttons and screens in the admin, as writers and reviewers use them."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, Revision
from tests.articles.test_admin import change_form, section_prefix
from tests.factories import PersonFactory, StaffFactory
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def signed_in(client, group: str):
    """A member of `group`; a medical reviewer has the record readers see on what they approve."""
    user = StaffFactory(is_superuser=False)
    user.groups.add(Group.objects.get(name=group))
    if group == "Relecteurs médicaux":
        PersonFactory(user=user)
    client.force_login(user)
    return user


def buttons(response) -> list[str]:
    return [b["value"] for b in soup(response).select(".submit-row input[type=submit]")]


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def test_a_writer_saves_and_submits_but_cannot_approve(client, article):
    signed_in(client, "Rédacteurs")
    response = client.get(change_url(article))
    assert "État : Publié" in text_of(soup(response))
    assert buttons(response) == ["Enregistrer", "Soumettre à la relecture"]
    data = change_form(client, article)
    data["title"] = ["La vaccination, à jour"]
    data["_submit"] = ["Soumettre à la relecture"]
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.state == Article.State.IN_REVIEW
    response = client.get(change_url(article))
    assert "Approuver et publier" not in buttons(response)
    assert "Soumettre à la relecture" not in buttons(response)


def test_a_reviewer_approves_in_the_change_form_and_readers_see_it(client, article):
    writer_client = client.__class__()
    signed_in(writer_client, "Rédacteurs")
    data = change_form(writer_client, article)
    data["title"] = ["La vaccination, relue"]
    data["_submit"] = ["Soumettre à la relecture"]
    writer_client.post(change_url(article), data)

    reviewer = signed_in(client, "Relecteurs médicaux")
    response = client.get(change_url(article))
    assert {"Approuver et publier", "Demander des modifications"} <= set(buttons(response))
    data = change_form(client, article)
    data.update({"_approve": ["Approuver et publier"], "review_scope": ["complete"], "change_note": ["Relu"]})
    assert client.post(change_url(article), data).status_code == 302
    live = Revision.objects.live().get(article=article)
    assert live.approved_by == reviewer and live.title == "La vaccination, relue"
    assert "La vaccination, relue" in client.__class__().get(article.get_absolute_url()).content.decode()


def test_an_approval_without_a_scope_is_refused_with_a_french_message(client, article):
    writer_client = client.__class__()
    signed_in(writer_client, "Rédacteurs")
    data = change_form(writer_client, article)
    data["title"] = ["Sans portée"]
    data["_submit"] = ["Soumettre à la relecture"]
    writer_client.post(change_url(article), data)
    signed_in(client, "Relecteurs médicaux")
    data = change_form(client, article)
    data["_approve"] = ["Approuver et publier"]
    response = client.post(change_url(article), data, follow=True)
    assert "relecture médicale complète ou d’une correction mineure" in text_of(soup(response))
    assert not Revision.objects.live().filter(article=article, title="Sans portée").exists()


def test_a_form_opened_before_the_last_save_is_refused_and_overwrites_nothing(client, article):
    reviewer_client = client.__class__()
    signed_in(reviewer_client, "Relecteurs médicaux")
    stale = change_form(reviewer_client, article)
    signed_in(client, "Rédacteurs")
    data = change_form(client, article)
    data[section_prefix(data, "Le principe") + "body"] = ["Le texte du rédacteur."]
    data["_submit"] = ["Soumettre à la relecture"]
    client.post(change_url(article), data)
    count = article.revisions.count()

    stale.update({"_approve": ["Approuver et publier"], "review_scope": ["complete"]})
    response = reviewer_client.post(change_url(article), stale)
    assert response.status_code == 200
    assert "a changé depuis que vous avez ouvert cette page" in text_of(
        soup(response).select_one(".errorlist.nonfield")
    )
    article.refresh_from_db()
    assert article.state == Article.State.IN_REVIEW
    assert article.sections.get(heading="Le principe").body == "Le texte du rédacteur."
    assert article.revisions.count() == count


def test_the_history_lists_every_snapshot_and_restores_one(staff_client, article):
    data = change_form(staff_client, article)
    data["title"] = ["Deuxième titre"]
    staff_client.post(change_url(article), data)
    page = soup(staff_client.get(f"/admin/articles/article/{article.pk}/history/"))
    rows = page.select("table.revision-history tbody tr")
    assert [text_of(r.find("th")) for r in rows] == ["n° 2", "n° 1"]
    assert "en ligne le" in text_of(rows[1])
    restore = f"/admin/articles/article/{article.pk}/versions/1/restaurer/"
    assert "Restaurer cette version" in staff_client.get(restore).content.decode()
    assert staff_client.post(restore).status_code == 302
    article.refresh_from_db()
    assert article.title == "La vaccination"
    assert article.revisions.count() == 3


def test_the_journal_shows_on_the_change_form(staff_client, article):
    data = change_form(staff_client, article)
    data["title"] = ["Titre du journal"]
    staff_client.post(change_url(article), data)
    journal = soup(staff_client.get(change_url(article))).find("details", class_="workflow-journal")
    assert "Enregistrement" in text_of(journal)
    assert text_of(journal.find("summary")) == "Journal (1 événement)", "one event, in the singular"
    data = change_form(staff_client, article)
    data["title"] = ["Titre du journal, deuxième"]
    staff_client.post(change_url(article), data)
    journal = soup(staff_client.get(change_url(article))).find("details", class_="workflow-journal")
    assert text_of(journal.find("summary")) == "Journal (2 derniers événements)"


def test_the_compare_screen_shows_word_level_changes_between_two_snapshots(staff_client, article):
    data = change_form(staff_client, article)
    data["introduction"] = [article.introduction.replace("reconnaître", "identifier")]
    staff_client.post(change_url(article), data)
    page = soup(staff_client.get(f"/admin/articles/article/{article.pk}/comparer/?de=1&a=2"))
    assert page.select_one("del").get_text() == "[suppression : reconnaître]"
    assert page.select_one("ins").get_text() == "[ajout : identifier]"
    missing = soup(staff_client.get(f"/admin/articles/article/{article.pk}/comparer/?de=1&a=9"))
    assert "Choisissez deux versions existantes" in text_of(missing)


def test_content_warnings_show_on_the_change_form_and_in_the_list(staff_client, article):
    data = change_form(staff_client, article)
    data["introduction"] = ["Pour tout savoir, [cliquez ici](http://exemple.fr)."]
    staff_client.post(change_url(article), data)
    checks = soup(staff_client.get(change_url(article))).find("fieldset", class_="content-checks")
    assert "cliquez ici" in text_of(checks) and "http://" in text_of(checks)
    assert "Lisibilité" in text_of(checks)
    listed = soup(staff_client.get("/admin/articles/article/?avertissements=oui"))
    assert article.title in [text_of(a) for a in listed.select("#result_list th a")]
    clean = soup(staff_client.get("/admin/articles/article/?avertissements=non"))
    assert article.title not in [text_of(a) for a in clean.select("#result_list th a")]
