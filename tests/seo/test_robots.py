"""robots.txt: everything may be crawled but the editors', review and search pages, and it points
to the sitemap at the site's own address."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_allows_everything_but_the_private_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /relecture/\n"
        "Disallow: /recherche/\n"
        "Disallow: /avis/\n"
        "\n"
        "Sitemap: https://sante.example.fr/sitemap.xml\n"
    )


def test_the_articles_and_the_site_s_pages_are_not_disallowed(client, article):
    disallowed = [
        line.removeprefix("Disallow: ")
        for line in client.get("/robots.txt").content.decode().splitlines()
        if line.startswith("Disallow:")
    ]
    for path in ("/", article.get_absolute_url(), "/a-propos/", "/auteurs/x/", "/sitemap.xml", "/flux.xml"):
        assert not any(path.startswith(prefix) for prefix in disallowed), path
