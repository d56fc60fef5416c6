"""The JSON-LD machines read on an article: the same names and dates readers see, in real schema.org terms."""

import json

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import publishing
from articles.models import Article, ArticleAuthor, Revision
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    ReviewerFactory,
    TopicFactory,
    WriterFactory,
    in_topics,
    publish_now,
)
from tests.html import soup
from tests.schema_org import unknown_terms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://sante.example.fr"


def json_ld(client, article: Article) -> dict:
    scripts = soup(client.get(article.get_absolute_url())).find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def by_type(document: dict, kind: str) -> dict:
    (node,) = [node for node in document["@graph"] if node["@type"] == kind]
    return node


@pytest.fixture
def reviewed(db) -> Article:
    """An article with two authors and a source, approved by a reviewer after a complete review."""
    writer = WriterFactory()
    writer.groups.add(Group.objects.get(name="Rédacteurs"))
    reviewer = ReviewerFactory(username="martin")
    reviewer.person.rpps = "10001234567"
    reviewer.person.save()
    article = ArticleFactory(published=False, title="Le vaccin contre la grippe", slug="vaccin-grippe")
    for position, (name, slug) in enumerate([("Léa Petit", "lea-petit"), ("Dr Karim Haddad", "karim-haddad")], 1):
        person = PersonFactory(name=name, slug=slug)
        ArticleAuthor.objects.create(article=article, person=person, position=position)
    article.sources.create(
        position=1,
        title="Vaccination contre la grippe saisonnière",
        organisation="Haute Autorité de santé",
        url="https://www.has-sante.fr/",
    )
    publishing.submit(article, writer)
    approval = publishing.Approval(scope=Revision.Scope.COMPLETE, substantive=True)
    publishing.approve_and_publish(article, reviewer, approval)
    return article


def test_an_article_describes_itself_as_a_medical_web_page_with_what_readers_see(client, reviewed):
    document = json_ld(client, reviewed)
    assert document["@context"] == "https://schema.org"
    page = by_type(document, "MedicalWebPage")
    live = Revision.objects.live().get(article=reviewed)
    assert page["name"] == "Le vaccin contre la grippe"
    assert page["url"] == "https://sante.example.fr/articles/vaccin-grippe/"
    assert page["inLanguage"] == "fr"
    assert page["datePublished"] == timezone.localtime(live.first_published_at).isoformat()
    assert page["dateModified"] == timezone.localtime(live.updated_at).isoformat()
    assert page["dateModified"].endswith(("+01:00", "+02:00"))  # Paris, as the page writes its dates
    assert page["lastReviewed"] == live.reviewed_on.isoformat()
    reviewer = page["reviewedBy"]
    assert reviewer["@type"] == "Person" and reviewer["name"] == "Dr Martin"
    assert reviewer["jobTitle"] == "médecin oncologue"
    assert reviewer["hasCredential"]["name"] == "Docteur en médecine, DES d’oncologie"
    assert reviewer["identifier"] == {"@type": "PropertyValue", "propertyID": "RPPS", "value": "10001234567"}
    assert reviewer["url"] == "https://sante.example.fr/auteurs/martin/"
    assert [author["name"] for author in page["author"]] == ["Léa Petit", "Dr Karim Haddad"]
    assert page["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Vaccination contre la grippe saisonnière",
            "url": "https://www.has-sante.fr/",
            "publisher": {"@type": "Organization", "name": "Haute Autorité de santé"},
        }
    ]
    assert page["publisher"]["name"] == "Infos santé"  # the site's name while the publisher is a placeholder


def test_the_breadcrumb_leads_from_the_home_page_to_the_article(client, reviewed):
    document = json_ld(client, reviewed)
    trail = by_type(document, "BreadcrumbList")
    assert by_type(document, "MedicalWebPage")["breadcrumb"] == {"@id": trail["@id"]}
    assert [(item["position"], item["name"], item["item"]) for item in trail["itemListElement"]] == [
        (1, "Accueil", "https://sante.example.fr/"),
        (2, "Le vaccin contre la grippe", "https://sante.example.fr/articles/vaccin-grippe/"),
    ]


def test_the_breadcrumb_passes_through_the_articles_first_topic(client):
    first, second = TopicFactory(name="Vaccination", slug="vaccination"), TopicFactory(name="Enfants")
    article = in_topics(ArticleFactory(published=False, title="Le ROR", slug="ror"), first, second)
    publish_now(article)
    document = json_ld(client, article)
    trail = by_type(document, "BreadcrumbList")
    assert [(item["position"], item["name"], item["item"]) for item in trail["itemListElement"]] == [
        (1, "Accueil", "https://sante.example.fr/"),
        (2, "Vaccination", "https://sante.example.fr/themes/vaccination/"),
        (3, "Le ROR", "https://sante.example.fr/articles/ror/"),
    ]
    assert unknown_terms(document) == []


def test_every_type_and_property_is_in_the_schema_org_vocabulary(client, reviewed):
    assert unknown_terms(json_ld(client, reviewed)) == []
    assert unknown_terms(json_ld(client, ArticleFactory())) == []  # never reviewed, no author, no source


def test_an_article_never_reviewed_claims_no_review(client):
    page = by_type(json_ld(client, ArticleFactory()), "MedicalWebPage")
    assert "reviewedBy" not in page and "lastReviewed" not in page and "author" not in page


def test_text_typed_by_editors_cannot_close_the_script(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert by_type(json_ld(client, article), "MedicalWebPage")["name"] == "</script><script>alert(1)</script>"


def test_a_named_publisher_is_the_pages_publisher(client, article):
    from site_pages.models import SiteTexts

    texts = SiteTexts.objects.first() or SiteTexts()
    texts.publisher = "Association Santé Claire"
    texts.save()
    publishing.invalidate_site()
    assert by_type(json_ld(client, article), "MedicalWebPage")["publisher"]["name"] == "Association Santé Claire"


def test_previews_carry_no_structured_data(staff_client, article):
    preview = soup(staff_client.get(f"/admin/articles/article/{article.pk}/apercu/contenu/"))
    assert not preview.find_all("script", type="application/ld+json")


def test_addresses_are_the_sites_own_whatever_host_the_first_reader_named(client, reviewed, settings):
    settings.ALLOWED_HOSTS = ["sante.example.fr", "www.sante.example.fr"]
    first = client.get(reviewed.get_absolute_url(), HTTP_HOST="www.sante.example.fr")
    assert first.status_code == 200
    again = client.__class__().get(reviewed.get_absolute_url(), HTTP_HOST="sante.example.fr")
    assert again["ETag"] == first["ETag"]  # the same cached page
    (script,) = soup(again).find_all("script", type="application/ld+json")
    assert (
        by_type(json.loads(script.string), "MedicalWebPage")["url"]
        == "https://sante.example.fr/articles/vaccin-grippe/"
    )
