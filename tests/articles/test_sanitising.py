import pytest

from tests.factories import ArticleFactory, SectionFactory, publish_now
from tests.html import soup

pytestmark = pytest.mark.django_db

HOSTILE = """<script>alert('x')</script>

<img src=x onerror="alert(1)">

[cliquez ici](javascript:alert(document.cookie))

<a href="javascript:alert(1)">lien</a> <iframe src="https://example.com"></iframe>"""


def test_markup_typed_into_a_section_never_runs_in_the_reader_browser(client):
    article = ArticleFactory(introduction="<b onmouseover=alert(1)>intro</b>", conclusion="<svg onload=alert(1)>")
    SectionFactory(article=article, heading="<script>alert('titre')</script>", body=HOSTILE)
    publish_now(article)
    page = soup(client.get(article.get_absolute_url()))
    main = page.find("main")
    assert main.find_all(["script", "img", "iframe", "svg", "b"]) == []
    assert all(not attr.startswith("on") for el in main.find_all(True) for attr in el.attrs)
    assert [a["href"] for a in main.find_all("a") if a["href"].lower().startswith("javascript")] == []
    # The reader sees what the editor typed, as text.
    assert "<script>alert('titre')</script>" in page.select_one("section h2").get_text()
    assert "<script>alert('x')</script>" in main.get_text()
