"""The seed article, "L’immunothérapie", as a reader meets it after `migrate` alone.

The only tests that read the seed: everything else builds its own articles with tests/factories.py.
"""

import pytest

from articles.models import Article
from tests.factories import publish_now
from tests.html import soup, text_of
from tests.seed import H2S, SEED, SHARED_SEED, TEASERS, seed_article, seed_lines


def test_the_repository_copy_of_the_seed_matches_the_shared_one():
    if not SHARED_SEED.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


@pytest.fixture
def seed(db) -> Article:
    return seed_article()


def assert_in_order(page, lines: list[str]) -> None:
    blocks = [text_of(el) for el in page.find("article").find_all(["h2", "h3", "p"])]
    position = 0
    for line in lines:
        assert line in blocks[position:], f"missing or out of order: {line!r}"
        position = blocks.index(line, position) + 1


def test_it_shows_every_seed_heading_and_paragraph_word_for_word_in_order(client, seed):
    page = soup(client.get(seed.get_absolute_url()))
    assert_in_order(page, [line for line in seed_lines() if line not in TEASERS])


def test_staff_preview_the_whole_seed_with_pending_teasers_in_place(staff_client, seed):
    page = soup(staff_client.get(f"/admin/articles/article/{seed.pk}/apercu/contenu/"))
    assert_in_order(page, seed_lines())
    assert len(page.select("aside.teaser-pending")) == len(TEASERS)


def test_it_renders_six_h2_sections_with_fifteen_h3_subsections(client, seed):
    page = soup(client.get(seed.get_absolute_url()))
    headings = [(h.name, text_of(h)) for h in page.select("article section.section > h2, article section.section > h3")]
    assert [text for level, text in headings if level == "h2"] == H2S
    assert sum(level == "h3" for level, _ in headings) == 15
    assert headings[0] == ("h2", H2S[0])
    assert page.find("h1").get_text() == "L’immunothérapie"
    assert len(page.find_all("h1")) == 1


def test_teasers_stay_hidden_from_the_public_while_their_articles_are_drafts(client, seed):
    page = soup(client.get(seed.get_absolute_url()))
    assert page.select("aside.teaser") == []
    for title in TEASERS:
        assert title not in page.get_text()


def test_teasers_appear_where_the_seed_has_them_once_their_articles_are_published(client, seed):
    for article in Article.objects.filter(title__in=TEASERS):
        publish_now(article)
    page = soup(client.get(seed.get_absolute_url()))
    blocks = [text_of(el) for el in page.find("article").find_all(["h2", "h3", "p"])]
    lines = seed_lines()
    for title in TEASERS:
        teaser_at = blocks.index(title)
        next_heading = lines[lines.index(title) + 1]
        previous_line = lines[lines.index(title) - 1]
        assert blocks[teaser_at - 2] == previous_line  # label "À lire aussi" sits between
        assert blocks[teaser_at + 1] == next_heading
    links = [a["href"] for a in page.select("aside.teaser a")]
    assert links == [Article.objects.get(title=t).get_absolute_url() for t in TEASERS]


def test_the_page_has_french_language_title_and_description(client, seed):
    page = soup(client.get(seed.get_absolute_url()))
    assert page.html["lang"] == "fr"
    assert page.title.get_text().startswith("L’immunothérapie")
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("L’immunothérapie est une approche")


def test_a_search_typed_without_accents_finds_the_seed_article(client, seed):
    for q in ("immunotherapie", "IMMUNOTHÉRAPIE", "immunothérapies"):
        response = client.get("/recherche/", {"q": q})
        assert [text_of(h2) for h2 in soup(response).select("main .article-card h2")] == ["L’immunothérapie"]
