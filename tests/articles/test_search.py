"""Search at /recherche/: the same cases on SQLite (FTS5) and on PostgreSQL (full-text search)."""

import importlib
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from articles import page_cache, publishing
from articles.models import Revision, SearchEntry
from tests.factories import ArticleFactory, SectionFactory, StaffFactory, publish_now
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

SEARCH = "/recherche/"
WINDOWS_MIGRATION = importlib.import_module("articles.migrations.0023_search_entry_live_window")


def search(client, q: str, **params):
    return client.get(SEARCH, {"q": q, **params})


def found(client, q: str) -> list[str]:
    """The titles of the results, in their order."""
    response = search(client, q)
    assert response.status_code == 200
    return [text_of(h2) for h2 in soup(response).select("main .article-card h2")]


def heading(response) -> str:
    return text_of(soup(response).select_one("main h1"))


@pytest.fixture(autouse=True)
def _only_the_tests_own_articles(db) -> None:
    """The seed article (live after the migrations) says "vaccin", "cancer" and more: out of the
    index, so each test finds only the articles it makes (test_seed_article.py searches it)."""
    SearchEntry.objects.all().delete()


def test_a_singular_finds_the_plural_and_the_reverse(client):
    ArticleFactory(title="Les vaccins thérapeutiques")
    ArticleFactory(title="Le poumon", introduction="Le tabac cause les cancers du poumon.")

    assert found(client, "vaccin") == ["Les vaccins thérapeutiques"]
    assert found(client, "cancer") == ["Le poumon"]
    assert found(client, "vaccins therapeutique") == ["Les vaccins thérapeutiques"]
    assert found(client, "poumons") == ["Le poumon"]


def test_every_word_must_be_found_and_punctuation_separates_words(client):
    ArticleFactory(title="L’allergie au pollen")
    ArticleFactory(title="L’allergie aux arachides")

    assert found(client, "allergie pollen") == ["L’allergie au pollen"]
    assert found(client, "l'allergie,arachides!") == ["L’allergie aux arachides"]


def test_a_title_weighs_more_than_a_heading_which_weighs_more_than_the_text(client):
    in_text = ArticleFactory(title="Dans le texte", introduction="Il est question de bronchiolite ici.")
    in_heading = ArticleFactory(title="Dans un intertitre", published=False)
    SectionFactory(article=in_heading, heading="La bronchiolite", body="Une maladie du nourrisson.")
    publish_now(in_heading)
    ArticleFactory(title="La bronchiolite du nourrisson")
    publish_now(in_text)  # the newest: order by date would put it first

    assert found(client, "bronchiolite") == ["La bronchiolite du nourrisson", "Dans un intertitre", "Dans le texte"]


def test_every_word_in_the_title_and_headings_comes_before_a_word_found_only_in_the_text(client):
    ArticleFactory(title="L’asthme de l’enfant")
    in_heading = ArticleFactory(title="L’asthme", published=False)
    SectionFactory(article=in_heading, heading="Chez l’enfant", body="Des conseils.")
    publish_now(in_heading)
    ArticleFactory(title="Le souffle", introduction="L’asthme de l’enfant se soigne.")  # the newest

    assert found(client, "asthme enfant") == ["L’asthme de l’enfant", "L’asthme", "Le souffle"]


def test_in_each_group_the_newest_version_comes_first(client):
    older = ArticleFactory(title="Le rhume", introduction="Un virus banal.")
    ArticleFactory(title="L’angine", introduction="Souvent un virus.")
    assert found(client, "virus") == ["L’angine", "Le rhume"]

    older.introduction = "Un virus banal, qui passe seul."
    older.save()
    publish_now(older)
    assert found(client, "virus") == ["Le rhume", "L’angine"]


def test_a_page_can_end_in_one_group_and_the_next_one_go_on_into_the_next(client):
    def in_heading(n: int) -> None:
        article = ArticleFactory(title=f"Fiche {n}", published=False)
        SectionFactory(article=article, heading="La fièvre", body="Que faire ?")
        publish_now(article)

    for n in range(3):
        ArticleFactory(title=f"La fièvre, fiche {n}")
    for n in range(9):
        in_heading(n)
    for n in range(4):
        ArticleFactory(title=f"Note {n}", introduction="Prendre la fièvre.")

    first = [text_of(h2) for h2 in soup(search(client, "fievre")).select("main .article-card h2")]
    second = [text_of(h2) for h2 in soup(search(client, "fievre", page="2")).select("main .article-card h2")]

    titles = [f"La fièvre, fiche {n}" for n in (2, 1, 0)]
    headings = [f"Fiche {n}" for n in range(8, -1, -1)]
    texts = [f"Note {n}" for n in (3, 2, 1, 0)]
    assert (first, second) == ((titles + headings)[:10], headings[7:] + texts)


def test_a_draft_is_never_found(client):
    ArticleFactory(title="Le zona", published=False)
    assert found(client, "zona") == []


def test_changes_to_the_working_copy_are_not_found_until_published(client):
    article = ArticleFactory(title="La varicelle")
    article.title = "La varicelle et le zona"
    article.save()
    publishing.record_save(article, StaffFactory())

    assert found(client, "zona") == []
    assert found(client, "varicelle") == ["La varicelle"]
    publish_now(article)
    assert found(client, "zona") == ["La varicelle et le zona"]


def test_an_unpublished_or_archived_article_disappears(client):
    unpublished = ArticleFactory(title="La rougeole")
    archived = ArticleFactory(title="La rougeole chez l’adulte")
    assert len(found(client, "rougeole")) == 2

    publishing.unpublish(unpublished, StaffFactory())
    publishing.archive(archived, StaffFactory())

    assert found(client, "rougeole") == []


def _later(monkeypatch, at) -> None:
    monkeypatch.setattr(timezone, "now", lambda: at)
    monkeypatch.setattr(page_cache.time, "time", lambda: at.timestamp())


def test_a_scheduled_publication_is_found_from_its_minute_and_a_scheduled_end_stops_it(client, monkeypatch):
    article = ArticleFactory(title="La coqueluche", published=False)
    reviewer = StaffFactory()
    publishing.submit(article, StaffFactory())
    start = timezone.now() + timedelta(days=1)
    publishing.approve_and_publish(article, reviewer, publishing.Approval(scope="minor", go_live_at=start))
    end = start + timedelta(days=1)
    publishing.unpublish(article, reviewer, at=end)

    assert found(client, "coqueluche") == []
    _later(monkeypatch, start + timedelta(seconds=1))
    assert found(client, "coqueluche") == ["La coqueluche"]
    _later(monkeypatch, end + timedelta(seconds=1))
    assert found(client, "coqueluche") == []
    assert publishing.apply_due_switches()  # the cron job: the entry goes, still not found
    assert not SearchEntry.objects.filter(article=article).exists()
    assert found(client, "coqueluche") == []


def test_an_ended_version_is_not_found_from_the_instant_its_window_ends(client, monkeypatch):
    article = ArticleFactory(title="La diphtérie")
    end = timezone.now() + timedelta(hours=2)
    publishing.unpublish(article, StaffFactory(), at=end)

    _later(monkeypatch, end - timedelta(microseconds=1))
    assert found(client, "diphterie") == ["La diphtérie"]
    _later(monkeypatch, end)  # the entry is still in the index: its copy of the window rules it out
    assert SearchEntry.objects.filter(article=article).exists()
    assert heading(search(client, "diphterie")) == "Aucun article ne correspond à « diphterie »"


def test_a_scheduled_new_version_replaces_the_live_one_at_its_minute(client, monkeypatch):
    article = ArticleFactory(title="La grippe")
    article.title = "La grippe aviaire"
    article.save()
    publishing.submit(article, StaffFactory())
    start = timezone.now() + timedelta(hours=3)
    publishing.approve_and_publish(article, StaffFactory(), publishing.Approval(scope="minor", go_live_at=start))

    assert (found(client, "grippe"), found(client, "aviaire")) == (["La grippe"], [])
    _later(monkeypatch, start)
    assert (found(client, "grippe"), found(client, "aviaire")) == (["La grippe aviaire"], ["La grippe aviaire"])


def test_results_come_ten_a_page_with_the_count_and_links_that_keep_the_query(client):
    for n in range(12):
        ArticleFactory(title=f"Hépatite, fiche {n}")

    first = search(client, "hepatite")
    second = search(client, "hepatite", page="2")

    assert heading(first) == "12 résultats pour « hepatite »"
    assert len(soup(first).select("main .article-card")) == 10
    assert len(soup(second).select("main .article-card")) == 2
    assert soup(first).select_one("a[rel=next]")["href"] == "?q=hepatite&page=2"
    assert soup(second).select_one("a[rel=prev]")["href"] == "?q=hepatite"
    assert "Page 2 sur 2" in text_of(soup(second).select_one("main"))
    assert search(client, "hepatite", page="3").status_code == 404
    assert search(client, "hepatite", page="deux").status_code == 404


def test_one_result_is_singular(client):
    ArticleFactory(title="La méningite")
    assert heading(search(client, "méningite")) == "1 résultat pour « méningite »"


def test_the_query_stays_in_the_field_and_in_the_page_title_and_search_engines_skip_the_page(client):
    ArticleFactory(title="La méningite")
    page = soup(search(client, "  méningite   virale "))

    assert page.select_one("header form[role=search] input[name=q]")["value"] == "méningite virale"
    assert "« méningite virale »" in text_of(page.title)
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"


def test_every_page_has_the_search_form_in_its_header(client, article):
    for path in ("/", article.get_absolute_url()):
        form = soup(client.get(path)).select_one("header form[role=search]")
        assert (form["action"], form["method"]) == (SEARCH, "get")
        field = form.select_one("input[name=q]")
        assert text_of(form.select_one(f"label[for={field['id']}]")) == "Rechercher un article"
        assert text_of(form.select_one("button[type=submit]")) == "Rechercher"


@pytest.mark.parametrize("q", ["", "   ", "?!", "«»…"])
def test_an_empty_query_asks_for_words(client, q):
    response = search(client, q)
    assert response.status_code == 200
    assert heading(response) == "Rechercher un article"
    assert "Saisissez un ou plusieurs mots" in text_of(soup(response).select_one("main"))


def test_no_result_says_so_and_suggests_the_latest_articles(client):
    ArticleFactory(title="La varicelle")
    response = search(client, "paludisme")

    assert heading(response) == "Aucun article ne correspond à « paludisme »"
    suggested = [text_of(h) for h in soup(response).select("main .article-card h3 a")]
    assert suggested[0] == "La varicelle"  # the last updated first


def test_no_result_suggests_the_thematiques_that_have_articles(client):
    from tests.factories import TopicFactory, in_topics

    infections = TopicFactory(name="Infections", slug="infections")
    TopicFactory(name="Sommeil", slug="sommeil")  # no live article: not offered
    publish_now(in_topics(ArticleFactory(published=False, title="La varicelle"), infections))
    topics = [text_of(a) for a in soup(search(client, "paludisme")).select("main .topic-list a")]
    assert topics == ["Infections"]


def test_a_query_made_only_of_little_words_finds_nothing(client):
    ArticleFactory(title="Le vaccin et la grippe")
    assert heading(search(client, "et la")) == "Aucun article ne correspond à « et la »"


@pytest.mark.parametrize(
    "q",
    [
        "'",
        '"',
        "&",
        "|",
        "!",
        ":*",
        "vaccin:*",
        "vaccin & | ! cancer",
        "(vaccin",
        "vaccin'",
        '"vaccin" OR cancer NEAR(a b)',
        "<script>alert(1)</script>",
        "a" * 1_000,
        "vaccin " * 200,
        "-vaccin*",
        "\x00vaccin",
        "\ue000vaccin\ue001",
        "%' OR 1=1 --",
    ],
)
def test_a_hostile_query_gets_results_or_a_french_message(client, q):
    ArticleFactory(title="Le vaccin contre le cancer")
    response = search(client, q)

    assert response.status_code == 200
    assert heading(response).startswith(("Rechercher un article", "Aucun article ne correspond", "1 résultat pour"))
    assert "<script>alert" not in response.content.decode()


def test_the_extract_marks_the_words_found_and_never_lets_stored_markup_run(client):
    ArticleFactory(
        title="Les allergies",
        introduction="Un texte qui cite <script>alert(1)</script> puis parle des pollens au printemps.",
    )
    response = search(client, "pollen")
    extract = soup(response).select_one(".search-extract")

    assert [text_of(mark) for mark in extract.select("mark")] == ["pollens"]
    assert "parle des pollens au printemps" in text_of(extract)
    assert [element.name for element in extract.find_all()] == ["mark"]
    assert "<script>alert" not in response.content.decode()


def test_the_results_page_costs_three_queries_in_a_warm_process(client, django_assert_num_queries):
    for n in range(3):
        ArticleFactory(title=f"L’asthme, fiche {n}")
    client.get("/")  # the maps of the site's texts and of the live articles
    # The count, the page's ten ranked, their titles, addresses and extracts.
    with django_assert_num_queries(3):
        response = search(client, "asthme")
    assert heading(response) == "3 résultats pour « asthme »"


def test_results_are_never_kept_in_a_shared_cache(client):
    ArticleFactory(title="L’asthme")
    response = search(client, "asthme")
    assert response["Cache-Control"] == "private, no-cache"
    ArticleFactory(title="L’asthme de l’enfant")
    assert heading(search(client, "asthme")) == "2 résultats pour « asthme »"


def test_the_index_follows_a_rerender_and_can_be_rebuilt(client, monkeypatch):
    ArticleFactory(title="La scarlatine", introduction="Une angine.")
    monkeypatch.setattr("articles.publishing.RENDERER_VERSION", 99)
    monkeypatch.setattr("articles.revisions.render_markdown", lambda text, *_: "<p>Une streptococcie.</p>")
    publishing.rerender()
    assert "La scarlatine" in found(client, "streptococcie")

    SearchEntry.objects.all().delete()
    assert found(client, "scarlatine") == []
    call_command("rebuild_search_index", stdout=StringIO())
    assert found(client, "scarlatine") == ["La scarlatine"]


def test_an_entry_taken_out_of_the_index_takes_its_words_with_it(client):
    ArticleFactory(title="La scarlatine")
    SearchEntry.objects.all().delete()
    assert heading(search(client, "scarlatine")) == "Aucun article ne correspond à « scarlatine »"


def test_the_migration_gives_the_entries_already_written_their_revisions_windows(client):
    article = ArticleFactory(title="La rubéole")
    end = timezone.now() + timedelta(days=3)
    publishing.unpublish(article, StaffFactory(), at=end)
    SearchEntry.objects.update(go_live_at=end, ends_at=None)  # as if written before the windows were copied
    WINDOWS_MIGRATION.copy_windows(apps, None)

    revision = Revision.objects.get(article=article)
    assert SearchEntry.objects.filter(article=article).values_list("go_live_at", "ends_at").get() == (
        revision.go_live_at,
        end,
    )
    assert found(client, "rubeole") == ["La rubéole"]
