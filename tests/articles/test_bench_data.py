import pytest
from django.core.management import call_command

from articles.models import Article, Revision, Topic
from articles.snapshot_diff import Kind, compare
from feedback.models import Feedback
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def test_bench_articles_are_published_with_their_sections_rendered(client):
    call_command("seed_bench_articles", "--articles=3", "--sections=4")
    bench = Article.objects.filter(slug__startswith="bench-article-")
    assert bench.count() == 3
    page = soup(client.get(bench.first().get_absolute_url()))
    assert len(page.select("article section.section")) == 4
    assert all(section.find("p") for section in page.select("article section.section"))


def test_bench_articles_are_live_in_one_or_two_bench_thematiques_each(client):
    call_command("seed_bench_articles", "--articles=0", "--topics=3")
    assert list(Topic.objects.filter(slug__startswith="banc-essai-").values_list("slug", flat=True)) == [
        "banc-essai-0",
        "banc-essai-1",
        "banc-essai-2",
    ]
    call_command("seed_bench_articles", "--articles=30", "--topics=3")
    assert Topic.objects.count() == 3
    live = Revision.objects.live().filter(slug__startswith="bench-article-")
    counts = [len(revision.content["topics"]) for revision in live]
    assert len(counts) == 30 and set(counts) == {1, 2}
    assert all([card["id"] for card in r.topics] == r.content["topics"] for r in live)
    listed = [text_of(count) for count in soup(client.get("/themes/")).select(".topic-cards .topic-count")]
    assert sum(int(text.split()[0]) for text in listed) == sum(counts)


def test_bench_opinions_go_to_published_articles_only(client):
    call_command("seed_bench_articles", "--articles=2")
    call_command("seed_bench_feedback", "--feedback=50")
    assert Feedback.objects.count() == 50
    live = Revision.objects.live().values("article_id")
    assert not Feedback.objects.exclude(article__in=live).exists()


def test_bench_history_saves_snapshots_that_change_words_and_the_outline_once():
    call_command("seed_bench_history", "--sections=6", "--snapshots=15")
    call_command("seed_bench_history", "--sections=6", "--snapshots=15")
    article = Article.objects.get(slug="bench-history")
    numbers = list(article.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, 16))
    assert Revision.objects.live().get(article=article).number == 15
    by_number = {r.number: r for r in article.revisions.all()}
    kinds = {
        section.kind
        for n in range(1, 15)
        for section in compare(by_number[n].content, by_number[n + 1].content, {}).sections
    }
    assert {Kind.CHANGED, Kind.MOVED, Kind.ADDED, Kind.REMOVED} <= kinds
    whole = compare(by_number[1].content, by_number[15].content, {})
    assert {Kind.ADDED, Kind.REMOVED} <= {section.kind for section in whole.sections}
