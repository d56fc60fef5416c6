"""Editors present authors and medical reviewers in the admin, and choose an article's authors."""

import io

import pytest
from django.contrib.auth.models import Group
from PIL import Image

from articles.models import ArticleAuthor, Person
from articles.topics_admin import TopicInline
from tests.factories import ArticleFactory, PersonFactory, ReviewerFactory, WriterFactory, publish_now
from tests.html import form_values, soup, text_of
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/person/add/"
PERSON = {
    "name": "Dr Claire Martin",
    "slug": "claire-martin",
    "profession": "médecin oncologue",
    "credentials": "Docteur en médecine, DES d’oncologie",
    "rpps": "10101234567",
    "bio": "Oncologue au centre Léon-Bérard.",
    "photo_alt": "Claire Martin, souriante, en blouse blanche",
    "user": "",
}


def errors(response) -> list[str]:
    return [text_of(e) for e in soup(response).select(".errorlist li")]


def change_url(person: Person) -> str:
    return f"/admin/articles/person/{person.pk}/change/"


def test_an_editor_adds_a_person_with_a_photo_readers_then_see(client, staff_client):
    response = staff_client.post(ADD_URL, {**PERSON, "photo": upload(image_bytes((1600, 1200)))})
    assert response.status_code == 302, errors(response)
    person = Person.objects.get(slug="claire-martin")
    assert person.rpps == "10101234567"
    page = soup(client.get("/auteurs/claire-martin/"))
    image = page.find("img", class_="person-photo")
    assert image["alt"] == "Claire Martin, souriante, en blouse blanche"
    served = client.get(image["src"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (800, 600)


def test_a_photo_needs_its_description(staff_client):
    response = staff_client.post(ADD_URL, {**PERSON, "photo_alt": " ", "photo": upload()})
    assert response.status_code == 200
    assert "Décrivez la photo pour les lecteurs qui ne la voient pas." in errors(response)
    assert not Person.objects.exists()


def test_a_person_without_a_photo_needs_no_description(staff_client):
    response = staff_client.post(ADD_URL, {**PERSON, "photo_alt": ""})
    assert response.status_code == 302, errors(response)


@pytest.mark.parametrize(
    ("rpps", "message"),
    [
        ("1010123456", "Le numéro RPPS compte 11 chiffres."),
        ("1010123456A", "Le numéro RPPS compte 11 chiffres."),
        ("101012345678", "Assurez-vous que cette valeur comporte au plus 11 caractères (actuellement 12)."),
    ],
)
def test_an_rpps_number_has_eleven_digits(staff_client, rpps, message):
    response = staff_client.post(ADD_URL, {**PERSON, "rpps": rpps})
    assert response.status_code == 200
    assert message in errors(response)
    assert not Person.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_in_french(staff_client):
    response = staff_client.post(ADD_URL, {**PERSON, "photo": upload(b"%PDF-1.4", "cv.png")})
    assert response.status_code == 200
    assert any("image" in error for error in errors(response)), errors(response)
    assert not Person.objects.exists()


def test_a_photo_over_five_megabytes_is_refused(staff_client):
    heavy = image_bytes((1200, 1200), "PNG", mode="RGB", compress_level=0) + b"\0" * 5 * 1024 * 1024
    response = staff_client.post(ADD_URL, {**PERSON, "photo": upload(heavy)})
    assert response.status_code == 200
    assert any("choisissez-en une de 5 Mo au plus" in error for error in errors(response)), errors(response)


def test_renaming_a_person_shows_at_once_on_their_cached_page(client, staff_client):
    person = PersonFactory(name="Dr Claire Martin")
    assert text_of(soup(client.get(person.get_absolute_url())).find("h1")) == "Dr Claire Martin"
    data = form_values(soup(staff_client.get(change_url(person))).find("form", id="person_form"))
    data["name"] = ["Pr Claire Martin"]
    response = staff_client.post(change_url(person), data)
    assert response.status_code == 302, errors(response)
    assert text_of(soup(client.get(person.get_absolute_url())).find("h1")) == "Pr Claire Martin"


def test_a_replaced_photo_is_no_longer_served(client, staff_client, django_capture_on_commit_callbacks):
    staff_client.post(ADD_URL, {**PERSON, "photo": upload(image_bytes((10, 10)))})
    person = Person.objects.get()
    old = person.photo.url
    data = form_values(soup(staff_client.get(change_url(person))).find("form", id="person_form"))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(change_url(person), {**data, "photo": upload(image_bytes((20, 10)))})
    assert response.status_code == 302, errors(response)
    person.refresh_from_db()
    assert person.photo.url != old
    assert client.get(old).status_code == 404
    assert client.get(person.photo.url).status_code == 200


def test_the_list_shows_each_persons_live_articles_and_account(staff_client, staff):
    person = PersonFactory(name="Dr Claire Martin", user=staff)
    for _ in range(2):
        article = ArticleFactory(published=False)
        ArticleAuthor.objects.create(article=article, person=person)
        publish_now(article)
    row = soup(staff_client.get("/admin/articles/person/?q=Claire")).select_one("#result_list tbody tr")
    cells = [text_of(cell) for cell in row.find_all(["th", "td"])][1:]
    assert cells == ["Dr Claire Martin", "médecin oncologue", staff.username, "2", "0"]


def test_only_a_superuser_links_a_person_to_an_account(client):
    writer = WriterFactory()
    writer.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(writer)
    person = PersonFactory()
    page = soup(client.get(change_url(person)))
    assert page.find("form", id="person_form").find(attrs={"name": "user"}) is None
    response = client.post(ADD_URL, {**PERSON, "user": str(writer.pk)})
    assert response.status_code == 302, errors(response)
    assert Person.objects.get(slug="claire-martin").user is None


def article_form(client, article) -> dict[str, list[str]]:
    return form_values(
        soup(client.get(f"/admin/articles/article/{article.pk}/change/")).find("form", id="article_form")
    )


def with_authors(data: dict[str, list[str]], article, *people: Person) -> dict[str, list[str]]:
    for number, person in enumerate(people):
        data.update({
            f"authorships-{number}-person": [str(person.pk)], f"authorships-{number}-position": [str(number + 1)],
            f"authorships-{number}-article": [str(article.pk)], f"authorships-{number}-id": [""],
        })  # fmt: skip
    data["authorships-TOTAL_FORMS"] = [str(len(people))]
    return data


def test_the_authors_and_thematiques_come_before_the_sections_on_the_article_form(staff_client):
    article = ArticleFactory()
    page = soup(staff_client.get(f"/admin/articles/article/{article.pk}/change/"))
    headings = [text_of(h) for h in page.select(".inline-group h2")]
    assert headings[:3] == ["Auteurs", TopicInline.verbose_name_plural, "Sections"]


def test_adding_authors_in_the_admin_saves_a_new_version_naming_them_in_order(staff_client):
    article = ArticleFactory()
    before = article.revisions.count()
    first, second = PersonFactory(), PersonFactory()
    data = with_authors(article_form(staff_client, article), article, second, first)
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, errors(response)
    assert article.revisions.count() == before + 1
    assert article.revisions.first().content["authors"] == [second.pk, first.pk]


def test_an_author_is_named_once(staff_client):
    article = ArticleFactory()
    person = PersonFactory()
    data = with_authors(article_form(staff_client, article), article, person, person)
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert "Une même personne figure deux fois parmi les auteurs : retirez l’une des deux lignes." in errors(response)
    assert ArticleAuthor.objects.count() == 0


def test_a_colleague_cannot_rename_a_reviewer_but_the_reviewer_and_a_superuser_can(client, staff_client):
    reviewer = ReviewerFactory(username="martin")
    writer = WriterFactory()
    writer.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(writer)
    url = change_url(reviewer.person)
    form = soup(client.get(url)).find("form", id="person_form")
    assert form.find(attrs={"name": "name"}) is None and form.find(attrs={"name": "profession"}) is None
    data = form_values(form)
    client.post(url, {**data, "name": "Pr Imposteur"})
    reviewer.person.refresh_from_db()
    assert reviewer.person.name == "Dr Martin"

    client.force_login(reviewer)
    own = form_values(soup(client.get(url)).find("form", id="person_form"))
    assert client.post(url, {**own, "name": "Pr Paul Martin"}).status_code == 302
    reviewer.person.refresh_from_db()
    assert reviewer.person.name == "Pr Paul Martin"


def test_a_person_readers_see_on_a_live_article_cannot_be_deleted(staff_client):
    article = ArticleFactory(published=False)
    author = PersonFactory()
    ArticleAuthor.objects.create(article=article, person=author)
    publish_now(article)
    ArticleAuthor.objects.filter(article=article).delete()  # gone from the working copy, still on the live page
    assert staff_client.get(f"/admin/articles/person/{author.pk}/delete/").status_code == 403
    assert Person.objects.filter(pk=author.pk).exists()
    unnamed = PersonFactory()
    assert staff_client.post(f"/admin/articles/person/{unnamed.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Person.objects.filter(pk=unnamed.pk).exists()
