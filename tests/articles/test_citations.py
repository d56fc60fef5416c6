"""Sources cited in the text as `[^3]`: the citations, the list of sources, and the links between them."""

import datetime

import pytest
from bs4 import BeautifulSoup

from articles import revisions
from articles.rendering import Citations, render_markdown
from tests.factories import ArticleFactory, SectionFactory, SourceFactory, publish_now
from tests.html import soup, text_of


def source(title: str, **fields) -> dict:
    return {
        "key": f"00000000-0000-4000-8000-{len(title):012d}",
        "title": title,
        "organisation": "",
        "url": "",
        "published_on": None,
        "consulted_on": None,
        **fields,
    }


def content(introduction: str = "", *bodies: str, conclusion: str = "", sources: tuple = ()) -> dict:
    sections = [
        {"key": f"0000000{n}-0000-4000-8000-000000000000", "heading": f"Partie {n}", "level": 2, "body": body}
        for n, body in enumerate(bodies, start=1)
    ]
    for section in sections:
        section["read_also"] = None
    return {
        "title": "Les vaccins",
        "slug": "les-vaccins",
        "introduction": introduction,
        "conclusion": conclusion,
        "sections": sections,
        "authors": [],
        "sources": list(sources),
    }


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def name_of(link) -> str:
    """An element's text as a screen reader reads it: hidden words included, no space added between tags."""
    return " ".join(link.get_text().split())


TWO_SOURCES = (source("Le calendrier vaccinal"), source("Avis sur la rougeole"))


def test_a_citation_is_a_superscript_link_to_its_source_announced_as_a_source():
    html = render_markdown("Le vaccin protège[^2].", Citations(2))
    assert html == (
        '<p>Le vaccin protège<sup class="citation"><a href="#source-2" id="citation-1" rel="noopener noreferrer">'
        '<span class="visually-hidden">Source </span>2</a></sup>.</p>'
    )


def test_citations_are_numbered_in_page_order_and_each_source_knows_where_it_is_cited():
    rendered = revisions.render(
        content("Intro[^2].", "Un[^1] et deux[^2].", "Encore[^2].", conclusion="Fin[^1].", sources=TWO_SOURCES)
    )
    html = rendered["introduction"] + "".join(s[2] for s in rendered["sections"]) + rendered["conclusion"]
    ids = [a["id"] for a in soup_of(html).select("sup.citation a")]
    assert ids == [f"citation-{n}" for n in range(1, 6)]
    assert [(s["number"], s["id"], s["title"], s["citations"]) for s in rendered["sources"]] == [
        (1, "source-1", "Le calendrier vaccinal", ["citation-2", "citation-5"]),
        (2, "source-2", "Avis sur la rougeole", ["citation-1", "citation-3", "citation-4"]),
    ]


def test_a_citation_of_a_source_the_article_lacks_stays_as_typed():
    rendered = revisions.render(content("Voir[^3] et[^0].", sources=TWO_SOURCES))
    assert rendered["introduction"] == "<p>Voir[^3] et[^0].</p>"


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Tapez `[^1]` pour citer.", "Tapez [^1] pour citer."),
        ("Écrit \\[^1] sans citer.", "Écrit [^1] sans citer."),
        ("[^1 ] et [^ 1] et [^a]", "[^1 ] et [^ 1] et [^a]"),
    ],
)
def test_a_citation_in_code_escaped_or_mistyped_is_text(markdown, text):
    html = render_markdown(markdown, Citations(1))
    assert "<sup" not in html and "<a" not in html
    assert text_of(soup_of(html)) == text


def test_a_citation_inside_a_link_text_never_makes_a_link_inside_a_link():
    page = soup_of(render_markdown("[le calendrier [^1]](https://www.example.fr) complet", Citations(1)))
    assert page.select("a a") == []
    assert page.select("sup.citation a")[0]["href"] == "#source-1"


def test_hostile_input_around_citations_stays_text():
    html = render_markdown('[^1"><script>alert(1)</script> [^1]<img src=x onerror=alert(1)>', Citations(1))
    page = soup_of(html)
    assert page.find_all(["script", "img"]) == []
    assert [a.attrs for a in page.find_all("a")] == [
        {"href": "#source-1", "id": "citation-1", "rel": ["noopener", "noreferrer"]}
    ]
    assert '[^1"&gt;&lt;script&gt;' in html


def test_only_the_citations_ids_and_classes_get_through_the_sanitiser():
    html = render_markdown("[lien](https://www.example.fr 'titre')", Citations(1))
    assert 'id="' not in html and "class=" not in html


def test_a_version_saved_before_sources_existed_renders_as_it_did():
    old = content("Voir[^1].", "Un texte.")
    del old["sources"], old["authors"]
    rendered = revisions.render(old)
    assert rendered["sources"] == []
    assert rendered["introduction"] == "<p>Voir[^1].</p>"


def test_a_source_address_that_is_not_a_web_address_is_not_kept():
    rendered = revisions.render(content(sources=(source("Piège", url="javascript:alert(1)"),)))
    assert rendered["sources"][0]["url"] == ""


def test_the_summary_leaves_citations_out():
    assert revisions.summary(content("Le vaccin protège[^1].", sources=TWO_SOURCES)) == "Le vaccin protège."


# The page readers get.


@pytest.fixture
def cited(db):
    """A live article citing two sources: the first twice (introduction, a section), the second
    in the conclusion; a third source is not cited."""
    article = ArticleFactory(
        published=False, introduction="La rougeole est contagieuse[^1].", conclusion="Vaccinez-vous[^2]."
    )
    SectionFactory(article=article, heading="Source 1", body="Deux doses suffisent[^1]. Voir aussi [^4].")
    SourceFactory(article=article, position=1, title="Le calendrier vaccinal", organisation="Ministère de la santé")
    SourceFactory(
        article=article, position=2, title="Avis sur la rougeole", url="", published_on=datetime.date(2024, 3, 1)
    )
    SourceFactory(article=article, position=3, title="Jamais citée", published_on=None, consulted_on=None)
    publish_now(article)
    return article


@pytest.mark.django_db
def test_the_page_lists_the_sources_after_the_conclusion_with_links_back_to_each_citation(client, cited):
    page = soup(client.get(cited.get_absolute_url()))
    section = page.find("section", id="sources")
    assert page.find(id=section["aria-labelledby"]).get_text() == "Sources"
    assert section.find_previous(class_="conclusion") is not None
    entries = section.select("ol > li")
    assert [name_of(li.find("p")) for li in entries] == [
        "Le calendrier vaccinal, Ministère de la santé, publiée le 1 mars 2023, consultée le 12 novembre 2024.",
        "Avis sur la rougeole, Haute Autorité de santé, publiée le 1 mars 2024, consultée le 12 novembre 2024.",
        "Jamais citée, Haute Autorité de santé.",
    ]
    assert entries[0].find("cite").find("a")["href"].startswith("https://www.has-sante.fr/")
    assert entries[1].find("cite").find("a") is None  # no address, no link
    first_back = entries[0].select(".source-back a")
    assert [name_of(a) for a in first_back] == [
        "Retour à la citation 1 de la source 1",
        "Retour à la citation 2 de la source 1",
    ]
    assert [name_of(a) for a in entries[1].select(".source-back a")] == ["Retour au texte : citation de la source 2"]
    assert entries[2].select(".source-back") == []


@pytest.mark.django_db
def test_every_citation_and_every_link_back_lands_on_an_element_of_the_page(client, cited):
    page = soup(client.get(cited.get_absolute_url()))
    citations = page.select("sup.citation a")
    assert [(name_of(a), a["href"]) for a in citations] == [
        ("Source 1", "#source-1"),
        ("Source 1", "#source-1"),
        ("Source 2", "#source-2"),
    ]
    for link in [*citations, *page.select(".source-back a")]:
        assert page.find(id=link["href"][1:]) is not None, link["href"]
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    # A heading that reads like a source's id gets one of its own.
    assert page.find("h2", string="Source 1")["id"] == "source-1-2"
    # A citation of a source the article lacks is shown as typed.
    assert "Voir aussi [^4]." in page.get_text()


@pytest.mark.django_db
def test_an_article_without_sources_has_no_sources_section(client, article):
    assert soup(client.get(article.get_absolute_url())).find(id="sources") is None


@pytest.mark.django_db
@pytest.mark.parametrize(("warm", "queries"), [(False, 3), (True, 1)])
def test_the_page_with_sources_costs_one_query_and_three_in_a_fresh_process(
    client, cited, django_assert_num_queries, warm, queries
):
    if warm:
        client.get("/")  # the maps of live articles and of the site's texts
    with django_assert_num_queries(queries):
        response = client.get(cited.get_absolute_url())
    assert len(soup(response).select("#sources li")) == 3


@pytest.mark.django_db
def test_the_preview_shows_a_new_source_before_it_is_published(client, staff_client, cited):
    SourceFactory(article=cited, position=4, title="Nouvelle étude")
    preview = soup(staff_client.get(f"/admin/articles/article/{cited.pk}/apercu/contenu/"))
    assert text_of(preview.select("#sources li")[-1].find("cite")) == "Nouvelle étude"
    assert [name_of(a) for a in preview.select('sup.citation a[href="#source-4"]')] == ["Source 4"]  # typed before
    assert "Nouvelle étude" not in client.get(cited.get_absolute_url()).content.decode()
