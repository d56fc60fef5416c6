import pytest
from django.core.management import call_command

from articles.models import Article, Revision
from feedback.models import Feedback
from tests.html import soup

pytestmark = pytest.mark.django_db


def test_bench_articles_are_published_with_their_sections_rendered(client):
    call_command("seed_bench_articles", "--articles=3", "--sections=4")
    bench = Article.objects.filter(slug__startswith="bench-article-")
    assert bench.count() == 3
    page = soup(client.get(bench.first().get_absolute_url()))
    assert len(page.select("article section")) == 4
    assert all(section.find("p") for section in page.select("article section"))


def test_bench_opinions_go_to_published_articles_only(client):
    call_command("seed_bench_articles", "--articles=2")
    call_command("seed_bench_feedback", "--feedback=50")
    assert Feedback.objects.count() == 50
    live = Revision.objects.live().values("article_id")
    assert not Feedback.objects.exclude(article__in=live).exists()
