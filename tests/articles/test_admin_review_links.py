"""Review links on the article's admin form: made, listed, revoked, and written in the journal."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from articles import review_links
from articles.models import Event, ReviewLink
from tests.factories import ArticleFactory, StaffFactory
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def create_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/liens-de-relecture/"


def revoke_url(link: ReviewLink) -> str:
    return f"/admin/articles/article/{link.article_id}/liens-de-relecture/{link.pk}/revoquer/"


def panel(response):
    return soup(response).find(id="liens-de-relecture")


def rows(response) -> list[list[str]]:
    return [[text_of(cell) for cell in row.find_all("td")] for row in panel(response).select("tbody tr")]


def revoke_buttons(response) -> list:
    return [button for button in panel(response).find_all("button") if text_of(button).startswith("Révoquer")]


def signed_in(client, group: str):
    user = StaffFactory(is_superuser=False)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def test_the_form_offers_to_make_a_link_in_a_form_of_its_own(staff_client, article):
    response = staff_client.get(change_url(article))
    assert "Aucun lien de relecture pour cet article." in text_of(panel(response))
    button = panel(response).find("button", string="Créer un lien de relecture")
    form = button.find_parent("form")
    assert (form["method"], form["action"]) == ("post", create_url(article))
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    # Outside the article's form: pressing Enter in a field saves the article, never makes a link.
    assert button not in soup(response).find("form", id="article_form").find_all("button")
    assert "version enregistrée" in text_of(panel(response))


def test_an_editor_makes_a_link_and_copies_its_address_from_the_form(staff_client, staff, article):
    response = staff_client.post(create_url(article))
    assert response.status_code == 302
    assert response["Location"] == change_url(article) + "#liens-de-relecture"
    link = ReviewLink.objects.get()
    assert (link.article, link.created_by, link.revision) == (article, staff, article.revisions.get())
    page = staff_client.get(response["Location"])
    assert f"il montre la version n° {link.revision.number} jusqu’au" in text_of(soup(page).select_one(".messagelist"))
    address = panel(page).find("input", attrs={"readonly": True})
    assert address["value"] == "http://testserver" + review_links.link_path(link)
    assert address["aria-label"] == f"Adresse du lien n° {link.pk}"
    [row] = rows(page)
    assert row[1] == f"n° {link.revision.number}"
    assert row[2].startswith("le ") and row[2].endswith(f"par {staff.username}")
    assert row[4] == "Valide"
    assert "Lien de relecture créé" in text_of(soup(page).select_one(".workflow-journal"))


def test_an_editor_revokes_a_link_and_its_address_disappears(staff_client, staff, article):
    link = review_links.create(article, staff)
    [button] = revoke_buttons(staff_client.get(change_url(article)))
    assert button.find_parent("form")["action"] == revoke_url(link)
    assert text_of(button) == f"Révoquer le lien n° {link.pk}"

    response = staff_client.post(revoke_url(link), follow=True)
    assert f"Lien n° {link.pk} révoqué : son adresse ne fonctionne plus." in text_of(soup(response))
    link.refresh_from_db()
    assert link.revoked_by == staff and link.revoked_at is not None
    [row] = rows(response)
    assert row[0] == "—" and row[4].startswith("Révoqué le") and row[4].endswith(f"par {staff.username}")
    assert revoke_buttons(response) == []
    assert Event.objects.filter(action=Event.Action.REVIEW_LINK_REVOKED, user=staff, article=article).count() == 1


def test_revoking_a_revoked_link_again_says_so_and_writes_nothing(staff_client, staff, article):
    link = review_links.create(article, staff)
    staff_client.post(revoke_url(link))
    response = staff_client.post(revoke_url(link), follow=True)
    assert f"Le lien n° {link.pk} était déjà révoqué." in text_of(soup(response))
    assert Event.objects.filter(action=Event.Action.REVIEW_LINK_REVOKED).count() == 1


def test_an_expired_link_is_listed_as_expired_without_its_address(staff_client, staff, article):
    link = review_links.create(article, staff)
    ReviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    [row] = rows(staff_client.get(change_url(article)))
    assert (row[0], row[4]) == ("—", "Expiré")


def test_a_writer_may_make_and_revoke_links(client, article):
    writer = signed_in(client, "Rédacteurs")
    assert client.post(create_url(article)).status_code == 302
    link = ReviewLink.objects.get(created_by=writer)
    assert client.post(revoke_url(link)).status_code == 302
    assert ReviewLink.objects.get().revoked_by == writer


def test_staff_who_may_only_view_the_article_see_the_links_but_cannot_make_or_revoke_one(client, article):
    link = review_links.create(article, StaffFactory())
    viewer = StaffFactory(is_superuser=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    response = client.get(change_url(article))
    assert rows(response)[0][4] == "Valide"
    assert panel(response).find("button") is None
    assert client.post(create_url(article)).status_code == 403
    assert client.post(revoke_url(link)).status_code == 403
    assert ReviewLink.objects.count() == 1 and ReviewLink.objects.get().revoked_at is None


def test_readers_cannot_make_links(client, article):
    response = client.post(create_url(article))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not ReviewLink.objects.exists()


def test_the_link_views_answer_posts_only(staff_client, staff, article):
    link = review_links.create(article, staff)
    assert staff_client.get(create_url(article)).status_code == 405
    assert staff_client.get(revoke_url(link)).status_code == 405
    assert ReviewLink.objects.count() == 1 and ReviewLink.objects.get().revoked_at is None


def test_a_link_cannot_be_revoked_through_another_article(staff_client, staff, article):
    link = review_links.create(article, staff)
    other = ArticleFactory()
    response = staff_client.post(f"/admin/articles/article/{other.pk}/liens-de-relecture/{link.pk}/revoquer/")
    assert response.status_code == 404
    assert ReviewLink.objects.get().revoked_at is None


def test_every_link_is_listed_read_only_for_the_editorial_roles(client, staff, article):
    open_link = review_links.create(article, staff)
    revoked = review_links.create(article, staff)
    review_links.revoke(revoked, staff)
    signed_in(client, "Rédacteurs")
    response = client.get("/admin/articles/reviewlink/")
    assert response.status_code == 200
    states = {text_of(row.select_one("td.field-id, th.field-id")): text_of(row.select_one(".field-state"))
              for row in soup(response).select("#result_list tbody tr")}  # fmt: skip
    assert states == {str(open_link.pk): "Valide", str(revoked.pk): "Révoqué"}
    assert soup(response).select_one(".object-tools a.addlink") is None
    assert client.post(f"/admin/articles/reviewlink/{open_link.pk}/delete/").status_code == 403
