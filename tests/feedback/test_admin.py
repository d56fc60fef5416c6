import csv
import io

import pytest

from feedback.admin import FeedbackAdmin
from feedback.models import Feedback
from tests.factories import ArticleFactory, FeedbackFactory
from tests.html import form_values, soup, text_of

pytestmark = pytest.mark.django_db

LIST = "/admin/feedback/feedback/"


def rows(response) -> list[str]:
    return [text_of(tr) for tr in soup(response).select("#result_list tbody tr")]


def test_the_list_shows_article_rating_excerpt_status_and_flags(staff_client):
    FeedbackFactory(rating=2, comment="Il manque les effets secondaires fréquents.", article__title="Le diabète")
    page = soup(staff_client.get(LIST))
    headers = [text_of(th) for th in page.select("#result_list thead th")]
    assert headers[1:] == ["Reçu le", "Article", "Note", "Commentaire", "Statut", "Signalements"]
    row = text_of(page.select_one("#result_list tbody tr"))
    assert "Le diabète" in row and "2/5" in row and "Il manque les effets" in row and "Nouveau" in row


def test_personal_data_is_masked_in_the_list_and_flagged(staff_client):
    FeedbackFactory(comment="Appelez-moi au 06 12 34 56 78", personal_data="téléphone")
    (row,) = rows(staff_client.get(LIST))
    assert "06 12 34 56 78" not in row
    assert "[téléphone masqué]" in row
    assert "Données personnelles : téléphone" in row


def test_the_full_comment_is_shown_only_on_request(staff_client):
    feedback = FeedbackFactory(comment="Mon mail : jean@mail.fr", personal_data="e-mail")
    url = f"{LIST}{feedback.pk}/change/"
    assert "jean@mail.fr" not in staff_client.get(url).content.decode()
    assert "jean@mail.fr" in staff_client.get(url + "?voir=1").content.decode()


def test_markup_in_a_comment_is_shown_as_text_in_the_admin(staff_client):
    feedback = FeedbackFactory(comment="<script>alert('x')</script><b>gras</b>")
    for url in (LIST, f"{LIST}{feedback.pk}/change/"):
        page = soup(staff_client.get(url))
        assert page.find("b", string="gras") is None
        assert all("alert" not in (s.string or "") for s in page.find_all("script"))
        assert "<script>alert('x')</script>" in page.get_text()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rating__exact=1", ["Mauvais"]),
        ("status__exact=done", ["Traité déjà"]),
        ("spam_reason__exact=honeypot", ["Achetez"]),
        ("donnees_personnelles=oui", ["Mail jean@x.fr"]),
        ("q=déjà", ["Traité déjà"]),
    ],
)
def test_the_list_filters_and_searches(staff_client, query, expected):
    FeedbackFactory(rating=1, comment="Mauvais")
    FeedbackFactory(status=Feedback.Status.DONE, comment="Traité déjà")
    FeedbackFactory(spam_reason=Feedback.SpamReason.HONEYPOT, comment="Achetez")
    FeedbackFactory(comment="Mail jean@x.fr", personal_data="e-mail")
    found = rows(staff_client.get(f"{LIST}?{query}"))
    assert len(found) == len(expected)
    assert all(any(e in r or "[e-mail masqué]" in r for e in expected) for r in found)


def test_the_list_filters_by_article(staff_client):
    kept = FeedbackFactory(comment="Sur le bon article")
    FeedbackFactory(comment="Sur un autre")
    assert [
        "Sur le bon article" in r for r in rows(staff_client.get(f"{LIST}?article__id__exact={kept.article_id}"))
    ] == [True]


@pytest.mark.parametrize(("action", "status"), [("mark_done", "done"), ("mark_ignored", "ignored")])
def test_bulk_actions_change_the_status_of_the_chosen_rows(staff_client, action, status):
    chosen = FeedbackFactory.create_batch(2)
    other = FeedbackFactory()
    response = staff_client.post(LIST, {"action": action, "_selected_action": [f.pk for f in chosen]})
    assert response.status_code == 302
    assert set(Feedback.objects.filter(status=status).values_list("pk", flat=True)) == {f.pk for f in chosen}
    other.refresh_from_db()
    assert other.status == Feedback.Status.NEW


def test_the_csv_export_holds_the_filtered_list_for_a_french_spreadsheet(staff_client):
    FeedbackFactory(rating=5, comment="Parfait ; clair", article__title="L’asthme")
    FeedbackFactory(rating=1, comment='=HYPERLINK("http://x")')
    FeedbackFactory(rating=3, comment="Moyen")
    response = staff_client.get(f"{LIST}export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="avis-')
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert table[0] == [
        "Date",
        "Article",
        "Note",
        "Commentaire",
        "Statut",
        "Indésirable",
        "Données personnelles",
        "Note interne",
    ]
    five = next(r for r in table if r[2] == "5")
    assert five[1:5] == ["L’asthme", "5", "Parfait ; clair", "Nouveau"]
    formula = next(r for r in table if r[2] == "1")
    assert formula[3].startswith("'=")  # not run as a formula
    filtered = staff_client.get(f"{LIST}export.csv?rating__exact=3")
    lines = b"".join(filtered.streaming_content).decode("utf-8").strip().splitlines()
    assert len(lines) == 2 and "Moyen" in lines[1]


def test_an_export_with_a_broken_filter_goes_back_to_the_list(staff_client):
    response = staff_client.get(f"{LIST}export.csv?rating__nope=1")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?e=1"


def test_what_the_reader_wrote_cannot_be_changed_but_the_status_and_note_can(staff_client):
    feedback = FeedbackFactory(rating=2, comment="Texte du lecteur")
    url = f"{LIST}{feedback.pk}/change/"
    data = form_values(soup(staff_client.get(url)).find("form", id="feedback_form"))
    assert set(data) >= {"status", "note"} and not {"rating", "comment", "article"} & set(data)
    data.update(status=["done"], note=["Ajout prévu au paragraphe 3"], rating=["5"], comment=["Falsifié"])
    assert staff_client.post(url, data).status_code == 302
    feedback.refresh_from_db()
    assert (feedback.rating, feedback.comment) == (2, "Texte du lecteur")
    assert (feedback.status, feedback.note) == ("done", "Ajout prévu au paragraphe 3")


def test_editors_cannot_invent_feedback(staff_client):
    assert staff_client.get(f"{LIST}add/").status_code == 403


def test_the_article_screen_shows_its_opinions_and_average_with_a_link(staff_client, article):
    FeedbackFactory(article=article, rating=5)
    FeedbackFactory(article=article, rating=4)
    FeedbackFactory(article=article, rating=1, spam_reason=Feedback.SpamReason.HONEYPOT)
    page = soup(staff_client.get(f"/admin/articles/article/{article.pk}/change/"))
    summary = page.find(class_="field-feedback_summary")
    assert "2 avis, note moyenne 4,5 / 5" in text_of(summary)
    assert summary.find("a")["href"] == f"{LIST}?article__id__exact={article.pk}"


@pytest.mark.parametrize("count", [10, 120])
def test_the_list_costs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries, count):
    article = ArticleFactory()
    Feedback.objects.bulk_create(Feedback(article=article, rating=3, comment=f"n°{n}") for n in range(count))
    staff_client.get(LIST)  # warm the session
    with django_assert_max_num_queries(8):
        response = staff_client.get(LIST)
    assert len(rows(response)) == min(count, FeedbackAdmin.list_per_page)


def test_invisible_characters_stored_before_they_were_refused_are_shown_by_their_code(staff_client):
    FeedbackFactory(rating=2, comment="Voir exe.\u202egpj et\u200bfin, 👩\u200d⚕️ merci")
    listing = text_of(soup(staff_client.get(LIST)).find(id="result_list"))
    assert "Voir exe.[U+202E]gpj et[U+200B]fin, 👩\u200d⚕️ merci" in listing
    body = b"".join(staff_client.get(f"{LIST}export.csv").streaming_content).decode("utf-8")
    row = next(r for r in csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";") if r[2] == "2")
    assert row[3] == "Voir exe.[U+202E]gpj et[U+200B]fin, 👩\u200d⚕️ merci"
