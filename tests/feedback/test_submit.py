import time

import pytest
from django.contrib.sessions.models import Session

from feedback.models import Feedback
from feedback.spam import sign_shown_at
from feedback.views import NOT_A_FORM_POST
from tests.factories import ArticleFactory
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def test_without_javascript_a_valid_opinion_redirects_to_the_thank_you(client, article, post_feedback):
    response = post_feedback(rating="5", comment="Enfin une explication claire.")
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#avis"
    block = soup(client.get(response["Location"])).find(id="avis")
    assert "Merci pour votre retour." in text_of(block)
    assert block.find("form") is None
    saved = Feedback.objects.get()
    assert (saved.article, saved.rating, saved.comment) == (article, 5, "Enfin une explication claire.")
    assert saved.status == Feedback.Status.NEW and saved.spam_reason == ""


def test_with_javascript_the_answer_is_the_thank_you_block(post_feedback):
    response = post_feedback(json=True, rating="3", comment="")
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert "Merci pour votre retour." in data["html"]
    assert "<form" not in data["html"]
    assert Feedback.objects.get().rating == 3


def test_the_thank_you_stays_on_reload_in_that_browser_session(client, article, post_feedback):
    post_feedback()
    for _ in range(2):
        block = soup(client.get(article.get_absolute_url())).find(id="avis")
        assert "Merci pour votre retour." in text_of(block)
        assert block.find("form") is None


def test_the_thank_you_is_for_that_article_only(client, post_feedback):
    other = ArticleFactory()
    post_feedback()
    assert soup(client.get(other.get_absolute_url())).find(id="avis").find("form") is not None


def test_the_comment_is_stored_without_surrounding_spaces_and_with_its_line_breaks(post_feedback):
    post_feedback(comment="  Première ligne\r\nSeconde ligne  ")
    assert Feedback.objects.get().comment == "Première ligne\nSeconde ligne"


INVALID = [
    pytest.param({"rating": None}, "Choisissez une note de 1 à 5 étoiles.", id="rating-missing"),
    pytest.param({"rating": "0"}, "Choisissez une note de 1 à 5 étoiles.", id="rating-0"),
    pytest.param({"rating": "6"}, "Choisissez une note de 1 à 5 étoiles.", id="rating-6"),
    pytest.param({"rating": "cinq"}, "Choisissez une note de 1 à 5 étoiles.", id="rating-text"),
    pytest.param({"comment": "é" * 1001}, "Votre commentaire fait", id="too-long"),
    pytest.param({"comment": "Bonjour\x00"}, "caractères invisibles non autorisés", id="nul-byte"),
    pytest.param({"comment": "Bonjour\x1b[31m"}, "caractères invisibles non autorisés", id="control"),
]


@pytest.mark.parametrize(("data", "message"), INVALID)
def test_without_javascript_bad_input_comes_back_with_a_french_error_and_the_input(post_feedback, data, message):
    fields = {"rating": "2", "comment": "Mon texte à garder", **data}
    response = post_feedback(**fields)
    assert response.status_code == 400
    block = soup(response).find(id="avis")
    assert message in text_of(block.find(class_="error-summary"))
    assert message in text_of(block.find("form"))  # next to the field too
    if data.get("rating", "2") == "2":
        assert block.find("input", attrs={"name": "rating", "value": "2"}).has_attr("checked")
    if "comment" not in data:
        assert block.find("textarea").text.strip() == "Mon texte à garder"
    assert soup(response).title.get_text().startswith("Erreur : ")
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("comment", ["Bonjour\x00", "Bon\x00jour\x1b et \x00 encore"])
def test_a_nul_character_is_reported_once(post_feedback, comment):
    response = post_feedback(comment=comment)
    assert response.status_code == 400
    summary = soup(response).find(class_="error-summary")
    assert [text_of(link) for link in summary.find_all("a")] == [
        "Votre commentaire contient des caractères invisibles non autorisés (U+0000). Retirez-les puis renvoyez-le."
    ]


def test_a_too_long_comment_is_counted_in_the_message_written_the_french_way(post_feedback):
    response = post_feedback(json=True, comment="é" * 1001)
    assert response.json()["errors"]["comment"] == [
        "Votre commentaire fait 1\u00a0001 caractères : raccourcissez-le à 1\u00a0000 caractères au maximum."
    ]


def test_a_too_long_comment_is_given_back_whole(post_feedback):
    text = "Un long témoignage. " * 60
    response = post_feedback(comment=text)
    assert response.status_code == 400
    assert soup(response).find("textarea").text.strip() == text.strip()


@pytest.mark.parametrize(("data", "message"), INVALID)
def test_with_javascript_bad_input_gets_errors_per_field(post_feedback, data, message):
    response = post_feedback(json=True, **{"rating": "2", **data})
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert any(message in error for errors in body["errors"].values() for error in errors)
    assert message in body["html"] and "<form" in body["html"]
    assert Feedback.objects.count() == 0


def test_an_opinion_on_an_unknown_article_is_not_found(post_feedback):
    response = post_feedback(slug="nexiste-pas")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_the_script_is_told_in_french_when_the_article_is_gone(post_feedback):
    response = post_feedback(slug=ArticleFactory(published=False).slug, json=True)
    assert response.status_code == 404
    assert response.json()["message"] == "Cet article n’est pas ou plus publié : votre avis ne peut pas être envoyé."


def test_an_opinion_on_a_draft_is_not_found(post_feedback):
    response = post_feedback(slug=ArticleFactory(published=False).slug)
    assert response.status_code == 404
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_are_refused_with_405_in_french(client, article, method):
    response = getattr(client, method)(f"/avis/{article.slug}/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Cette adresse reçoit seulement les avis" in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, id="cross-site"),
        pytest.param({"Sec-Fetch-Site": "same-site", "Origin": "https://autre.testserver"}, id="same-site"),
        pytest.param({"Sec-Fetch-Site": None, "Origin": "https://evil.example"}, id="foreign-origin"),
        pytest.param({"Sec-Fetch-Site": None, "Origin": "null"}, id="null-origin"),
        pytest.param({"Sec-Fetch-Site": None, "Origin": None}, id="no-header-no-token"),
    ],
)
def test_a_cross_site_post_is_refused_with_403_and_nothing_stored(post_feedback, headers):
    response = post_feedback(headers=headers)
    assert response.status_code == 403
    assert "ne peut être envoyé que depuis les pages de ce site" in response.content.decode()
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Sec-Fetch-Site": "same-origin", "Origin": None}, id="fetch-metadata"),
        pytest.param({"Sec-Fetch-Site": None, "Origin": "http://testserver"}, id="origin-only"),
    ],
)
def test_a_same_origin_post_is_accepted(post_feedback, headers):
    assert post_feedback(headers=headers).status_code == 303
    assert Feedback.objects.count() == 1


def test_a_refused_cross_site_fetch_gets_a_json_reason(post_feedback):
    response = post_feedback(json=True, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert "ne peut être envoyé" in response.json()["message"]


def test_a_comment_full_of_markup_is_stored_as_typed(post_feedback):
    post_feedback(comment='<script>alert("x")</script><img src=x onerror=alert(1)>')
    assert Feedback.objects.get().comment == '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_the_error_page_shows_markup_from_the_comment_as_text(post_feedback):
    response = post_feedback(rating=None, comment="<script>alert(1)</script>")
    page = soup(response)
    assert page.find("main").find("script") is None
    assert page.find("textarea").text.strip() == "<script>alert(1)</script>"


def test_thanking_sets_only_a_signed_cookie_that_ends_with_the_browser_session(post_feedback):
    response = post_feedback()
    assert list(response.cookies) == ["avis_envoyes"]
    cookie = response.cookies["avis_envoyes"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]
    assert not Session.objects.exists()


def test_a_forged_sent_cookie_is_ignored(client, article):
    client.cookies["avis_envoyes"] = f"{article.pk}"
    block = soup(client.get(article.get_absolute_url())).find(id="avis")
    assert block.find("form") is not None


MULTIPART = "multipart/form-data; boundary=B"


def multipart(fields: dict[str, str], file_size: int) -> bytes:
    parts = [f'--B\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(b'--B\r\nContent-Disposition: form-data; name="piece"; filename="gros.bin"\r\n\r\n')
    parts.append(b"x" * file_size + b"\r\n--B--\r\n")
    return b"".join(parts)


@pytest.mark.parametrize("json", [False, True])
def test_a_multipart_post_with_a_big_file_is_refused_in_french_and_nothing_stored(client, article, json):
    fields = {"rating": "4", "comment": "Très clair.", "shown_at": sign_shown_at(time.time() - 30)}
    headers = {"Origin": "http://testserver", "Accept": "application/json" if json else "text/html"}
    response = client.generic(
        "POST", f"/avis/{article.slug}/", multipart(fields, 10_000_000), content_type=MULTIPART, headers=headers
    )
    assert response.status_code == 415
    message = response.json()["message"] if json else response.content.decode()
    assert message == NOT_A_FORM_POST
    assert Feedback.objects.count() == 0


def test_a_multipart_post_is_refused_before_its_body_is_read(client, article):
    # Without a boundary the body cannot be parsed at all: reading it would answer 400.
    response = client.generic(
        "POST",
        f"/avis/{article.slug}/",
        b"rating=4",
        content_type="multipart/form-data",
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("comment", "code"),
    [
        pytest.param("Très \u202eclair", "U+202E", id="right-to-left-override"),
        pytest.param("Très\u200b clair", "U+200B", id="zero-width-space"),
        pytest.param("\ufeffTrès clair", "U+FEFF", id="byte-order-mark"),
        pytest.param("Très \u2066clair\u2069", "U+2066, U+2069", id="isolates"),
        pytest.param("Très clair\uffff", "U+FFFF", id="non-character"),
    ],
)
def test_an_invisible_character_is_refused_by_name_and_the_comment_given_back(post_feedback, comment, code):
    response = post_feedback(comment=comment)
    assert response.status_code == 400
    block = soup(response).find(id="avis")
    assert text_of(block.find(class_="error-summary").find("a")) == (
        f"Votre commentaire contient des caractères invisibles non autorisés ({code}). Retirez-les puis renvoyez-le."
    )
    assert block.find("textarea").text.strip("\n") == comment
    assert Feedback.objects.count() == 0


def test_a_comment_with_emoji_and_line_breaks_is_stored_as_typed(post_feedback):
    comment = "Merci 👩‍⚕️ 👍🏽\n\tTrès clair ❤️‍🔥"
    assert post_feedback(comment=comment).status_code == 303
    assert Feedback.objects.get().comment == comment
