import pytest

from feedback import forms
from feedback.templatetags.feedback import empty_form_html
from tests.factories import ArticleFactory
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def test_every_published_article_ends_with_the_feedback_form(client, article):
    page = soup(client.get(article.get_absolute_url()))
    block = page.find("section", id="avis")
    assert text_of(block.find("h2")) == "Donnez-nous votre avis !"
    form = block.find("form")
    assert form["method"] == "post"
    assert form["action"] == f"/avis/{article.slug}/#avis"
    assert text_of(block.find("fieldset").find("legend")) == "Votre note"
    radios = block.select("input[type=radio][name=rating]")
    assert [r["value"] for r in radios] == ["1", "2", "3", "4", "5"]
    assert all(block.find("label", attrs={"for": r["id"]}) for r in radios)
    assert "N’indiquez pas d’informations personnelles (nom, e-mail, téléphone)." in text_of(block)
    assert "1 000 caractères au maximum." in text_of(block)
    assert text_of(block.find("button", type="submit")) == "Envoyer mon avis"


def test_the_stated_maximum_follows_the_comment_limit_written_the_french_way(client, article, monkeypatch):
    monkeypatch.setattr(forms, "COMMENT_MAX_LENGTH", 2500)
    empty_form_html.cache_clear()  # laid out once per process: again, with the new limit
    try:
        counter = soup(client.get(article.get_absolute_url())).find(id="id_comment_counter")
    finally:
        empty_form_html.cache_clear()
    assert counter.get_text() == "2\u00a0500 caractères au maximum."
    assert counter["data-max"] == "2500"


def test_the_block_sits_after_the_conclusion(client, article):
    page = soup(client.get(article.get_absolute_url()))
    assert "avis" in [section.get("id") for section in page.find(id="conclusion").find_all_next("section")]


def test_a_reader_who_has_not_posted_gets_no_cookie_at_all(client, article):
    response = client.get(article.get_absolute_url())
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers


def test_a_draft_previewed_by_staff_has_no_feedback_form(staff_client):
    draft = ArticleFactory(published=False)
    page = soup(staff_client.get(draft.get_absolute_url()))
    assert page.find(id="avis") is None


def test_each_page_view_stamps_the_form_with_its_own_time_even_from_the_cache(client, article, monkeypatch):
    stamps = []
    for now in (1_800_000_000, 1_800_000_100):
        monkeypatch.setattr("feedback.spam.time.time", lambda now=now: now)
        page = soup(client.get(article.get_absolute_url()))
        stamps.append(page.find("input", attrs={"name": "shown_at"})["value"].split(":")[0])
    assert stamps == ["1800000000", "1800000100"]


def test_the_empty_form_is_laid_out_once_and_the_same_on_every_article(client, monkeypatch):
    first, second = ArticleFactory(), ArticleFactory()
    forms = [soup(client.get(first.get_absolute_url())).find(id="avis").find("form")]
    monkeypatch.setattr("crispy_forms.helper.FormHelper.render_layout", lambda *a: pytest.fail("laid out again"))
    forms.append(soup(client.get(second.get_absolute_url())).find(id="avis").find("form"))
    # The stamp is added to each response, the version read is the article's own (like the action).
    per_page = ("shown_at", "version_lue")
    fields = [[str(c) for c in f.select("input, textarea") if c.get("name") not in per_page] for f in forms]
    assert fields[0] == fields[1]
    assert forms[1]["action"] == f"/avis/{second.slug}/#avis"


def test_the_stamped_page_declares_its_real_length(client, article):
    # A length counted before the stamp replaced its placeholder would cut the end of the page
    # (the feedback script) in a browser.
    for _ in range(2):  # made, then from the cache
        response = client.get(article.get_absolute_url())
        assert int(response.get("Content-Length", len(response.content))) == len(response.content)
