"""With Redis down readers still get every page, made from the database; the server does not try
Redis again before the outage's retry time, and keeps pages in it again once it is back."""

import pytest

from articles import page_cache
from operations import outages
from scripts.fault_harness import DROP
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def test_with_redis_refusing_connections_readers_get_the_home_page_and_the_article(client, article, redis_nowhere):
    home = client.get("/")
    assert home.status_code == 200 and article.title in text_of(soup(home))
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200 and article.title in text_of(soup(page).find("h1"))
    assert outages.is_down(outages.CACHE)


def test_during_an_outage_the_next_pages_do_not_try_redis(client, article, redis_proxy, settings):
    settings.PAGE_VERSION_MEMO_SECONDS = 0  # every page asks the cache for its versions
    redis_proxy.cut(DROP)
    assert client.get("/").status_code == 200
    tried = redis_proxy.accepted
    assert tried >= 1
    for address in (article.get_absolute_url(), "/", "/themes/", article.get_absolute_url()):
        assert client.get(address).status_code == 200
    assert redis_proxy.accepted == tried


def test_once_redis_is_back_pages_are_kept_in_it_again(
    client, article, redis_proxy, outage_clock, django_assert_num_queries, settings
):
    settings.PAGE_VERSION_MEMO_SECONDS = 0
    redis_proxy.cut(DROP)
    client.get(article.get_absolute_url())
    redis_proxy.restore()
    outage_clock(outages.RETRY_SECONDS[0])
    made = client.get(article.get_absolute_url())
    page_cache._process_pages.clear()  # as in another server process, which has only Redis
    with django_assert_num_queries(0):
        kept = client.get(article.get_absolute_url())
    assert kept.content == made.content
    assert not outages.is_down(outages.CACHE)
