"""The "Tableau de bord des avis": the site-wide ranking, an article's page, triage, the CSV."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles.models import Revision
from feedback import ratings
from feedback.models import Feedback
from tests.factories import ArticleFactory, FeedbackFactory, WriterFactory, publish_now
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/feedback/feedback/tableau-de-bord/"


def opinions(article, *ratings_given: int, days_ago: int = 0, revision=None) -> None:
    """Count opinions as the post would, on a day `days_ago` before today."""
    revision = revision or Revision.objects.live().get(article=article)
    for rating in ratings_given:
        ratings.record(article.pk, revision.pk, timezone.localdate() - timedelta(days=days_ago), rating)


def editor(*codenames: str):
    user = WriterFactory()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="feedback", codename__in=codenames))
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(editor("view_feedback", "change_feedback"))
    return client


def test_three_perfect_opinions_do_not_top_an_article_with_many_good_ones(editor_client):
    opinions(ArticleFactory(title="Trois avis parfaits"), 5, 5, 5)
    opinions(ArticleFactory(title="Cent bons avis"), *([5] * 50 + [4] * 40 + [3] * 10))
    opinions(ArticleFactory(title="Trois avis très mauvais"), 1, 1, 1)
    opinions(ArticleFactory(title="Deux cents avis moyens"), *([3] * 100 + [2] * 100))
    page = soup(editor_client.get(DASHBOARD))
    rows = page.find("table", class_="ranking").find("tbody").find_all("tr")
    # The site's mean is 3.2: three opinions move an article only a little away from it.
    assert [text_of(row.find("th")) for row in rows] == [
        "Cent bons avis",
        "Trois avis parfaits",
        "Trois avis très mauvais",
        "Deux cents avis moyens",
    ]
    assert "20 avis égaux à la note moyenne du site" in text_of(page)


def test_the_dashboard_counts_the_chosen_period_only(editor_client):
    article = ArticleFactory(title="Ancien et récent")
    opinions(article, 5, days_ago=0)
    opinions(article, 1, 1, days_ago=40)

    def summary(query: str) -> str:
        found = soup(editor_client.get(DASHBOARD + query)).find(class_="site-summary").get_text()
        return " ".join(found.replace("\u202f", " ").split())

    assert "30 derniers jours : 1 avis, note moyenne 5,0 / 5, 100 % de notes 4 ou 5" in summary("?periode=30")
    assert "depuis le début : 3 avis, note moyenne 2,3 / 5, 33 % de notes 4 ou 5" in summary("?periode=tout")
    assert "90 derniers jours : 3 avis" in summary("?periode=<script>")  # unknown: the default


def test_the_trend_chart_is_named_described_and_repeated_as_a_table(editor_client):
    opinions(ArticleFactory(), 4, 2)
    page = soup(editor_client.get(DASHBOARD))
    chart = page.find("svg", class_="trend-chart")
    assert chart["role"] == "img"
    title_id, desc_id = chart["aria-labelledby"].split()
    assert chart.find("title")["id"] == title_id and chart.find("desc")["id"] == desc_id
    assert "2 avis en tout" in text_of(chart.find("desc"))
    last_week = page.find("table", class_="trend-table").find("tbody").find_all("tr")[-1]
    assert [text_of(td) for td in last_week.find_all("td")] == ["2", "3,0", "50 %"]


def test_the_dashboard_costs_the_same_queries_however_many_articles(editor_client, django_assert_num_queries):
    for n in range(5):
        opinions(ArticleFactory(), 4, n % 5 + 1)
    editor_client.get(DASHBOARD)
    with django_assert_num_queries(6):  # user, their rights (2), the ranking, the titles, the trend
        assert editor_client.get(DASHBOARD).status_code == 200


def test_the_article_page_shows_each_window_and_the_distribution(editor_client):
    article = ArticleFactory()
    opinions(article, 5, 4, days_ago=1)
    opinions(article, 3, days_ago=20)
    opinions(article, 1, days_ago=60)
    opinions(article, 2, days_ago=200)
    page = soup(editor_client.get(f"{DASHBOARD}{article.pk}/"))
    windows = {
        text_of(row.find("th")): [text_of(td) for td in row.find_all("td")]
        for row in page.find("table", class_="windows").find("tbody").find_all("tr")
    }
    assert windows == {
        "7 derniers jours": ["2", "4,5", "100 %"],
        "30 derniers jours": ["3", "4,0", "67 %"],
        "90 derniers jours": ["4", "3,3", "50 %"],
        "Depuis le début": ["5", "3,0", "40 %"],
    }
    distribution = page.find("table", class_="distribution").find("tbody").find_all("tr")
    assert [text_of(row.find("th")) for row in distribution] == ["5 / 5", "4 / 5", "3 / 5", "2 / 5", "1 / 5"]
    assert [text_of(row.find_all("td")[0]) for row in distribution] == ["1", "1", "1", "1", "1"]


def test_each_version_is_compared_with_the_one_before(editor_client):
    article = ArticleFactory()
    first = Revision.objects.live().get(article=article)
    article.title = "Réécrit"
    article.save()
    second = publish_now(article)
    opinions(article, *([5] * 50 + [1] * 50), revision=first)
    opinions(article, *([5] * 65 + [1] * 35), revision=second)
    page = soup(editor_client.get(f"{DASHBOARD}{article.pk}/"))
    rows = page.find("table", class_="revisions").find("tbody").find_all("tr")
    assert "première version" in text_of(rows[0])
    assert "mieux (écart : +15 points, z = 2,15)" in text_of(rows[1])
    assert "au moins 30 avis" in text_of(page.find(id="versions").find_next(class_="rule"))


def test_a_version_with_few_opinions_is_not_judged(editor_client):
    article = ArticleFactory()
    first = Revision.objects.live().get(article=article)
    article.title = "Réécrit"
    article.save()
    second = publish_now(article)
    opinions(article, *([1] * 40), revision=first)
    opinions(article, 5, 5, 5, revision=second)
    rows = soup(editor_client.get(f"{DASHBOARD}{article.pk}/")).find("table", class_="revisions").find_all("tr")
    assert "pas assez d’avis pour conclure" in text_of(rows[-1])


def test_the_article_page_lists_new_comments_masked_with_a_form_each(editor_client, article):
    FeedbackFactory(article=article, comment="Écrivez-moi à lea@example.fr", personal_data="e-mail")
    FeedbackFactory(article=article, comment="Déjà traité", status=Feedback.Status.DONE)
    FeedbackFactory(article=article, comment="", rating=2)
    FeedbackFactory(article=article, comment="Pub", spam_reason=Feedback.SpamReason.HONEYPOT)
    page = soup(editor_client.get(f"{DASHBOARD}{article.pk}/"))
    comments = page.find("ol", class_="comments").find_all("li", recursive=False)
    assert len(comments) == 1
    assert "[e-mail masqué]" in text_of(comments[0]) and "lea@example.fr" not in text_of(comments[0])
    form = comments[0].find("form")
    assert form["method"] == "post" and form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert [b["value"] for b in form.find_all("button")] == ["done", "ignored"]


def test_the_article_page_costs_the_same_queries_however_many_opinions(
    editor_client, article, django_assert_num_queries
):
    for days in range(30):
        opinions(article, 4, 5, days_ago=days)
    FeedbackFactory.create_batch(3, article=article)
    with django_assert_num_queries(7):  # user, rights (2), article, daily counts, versions, comments
        assert editor_client.get(f"{DASHBOARD}{article.pk}/").status_code == 200


def test_triage_marks_the_comment_and_comes_back(editor_client, article):
    feedback = FeedbackFactory(article=article)
    response = editor_client.post(f"{DASHBOARD}avis/{feedback.pk}/statut/", {"statut": "done"})
    assert response.status_code == 303
    assert response["Location"] == f"{DASHBOARD}{article.pk}/#a-trier"
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.DONE
    page = soup(editor_client.get(response["Location"]))
    assert "marqué comme traité" in text_of(page.find(class_="messagelist"))
    assert "Aucun commentaire à trier." in text_of(page)


def test_triage_refuses_an_unknown_status_in_french(editor_client, article):
    feedback = FeedbackFactory(article=article)
    response = editor_client.post(f"{DASHBOARD}avis/{feedback.pk}/statut/", {"statut": "deleted"}, follow=True)
    assert "Choisissez « Traité » ou « Ignoré »" in text_of(soup(response))
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.NEW


def test_triage_needs_a_post_with_its_csrf_token(client, article):
    client.force_login(editor("view_feedback", "change_feedback"))
    feedback = FeedbackFactory(article=article)
    assert client.get(f"{DASHBOARD}avis/{feedback.pk}/statut/").status_code == 405
    client.handler.enforce_csrf_checks = True
    assert client.post(f"{DASHBOARD}avis/{feedback.pk}/statut/", {"statut": "done"}).status_code == 403
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.NEW


def test_a_reader_of_opinions_sees_the_dashboard_but_cannot_triage(client, article):
    client.force_login(editor("view_feedback"))
    feedback = FeedbackFactory(article=article)
    page = soup(client.get(f"{DASHBOARD}{article.pk}/"))
    assert page.find("ol", class_="comments").find("form") is None
    assert client.post(f"{DASHBOARD}avis/{feedback.pk}/statut/", {"statut": "done"}).status_code == 403


def test_staff_without_the_right_to_read_opinions_is_refused(client, article):
    client.force_login(editor())
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(f"{DASHBOARD}{article.pk}/").status_code == 403
    assert client.get(f"{DASHBOARD}export.csv").status_code == 403


def test_a_visitor_is_sent_to_the_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_an_unknown_article_is_a_404(editor_client):
    assert editor_client.get(f"{DASHBOARD}999999/").status_code == 404


def test_the_csv_is_for_a_french_spreadsheet_and_neutralises_formulas(editor_client):
    opinions(ArticleFactory(title='=HYPERLINK("http://evil")'), 5, 4)
    opinions(ArticleFactory(title="Bien noté"), 5, 5, 4, 1)
    response = editor_client.get(f"{DASHBOARD}export.csv?periode=tout")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeffRang;Article;Avis 7 j;Note moyenne 7 j;Part de 4 et 5 7 j (%);")
    lines = text.splitlines()
    assert len(lines) == 3
    evil = next(line for line in lines if "HYPERLINK" in line)
    assert evil.split(";")[1] == '"\'=HYPERLINK(""http://evil"")"'
    good = next(line for line in lines if "Bien noté" in line).split(";")
    assert good[2:5] == ["4", "3,75", "75,0"]
    assert good[-6:-1] == ["1", "0", "0", "1", "2"]


def test_the_admin_index_links_to_the_dashboard(editor_client):
    page = soup(editor_client.get("/admin/"))
    assert page.find("a", string="Tableau de bord des avis")["href"] == DASHBOARD


def test_the_ranking_is_paged_and_the_last_page_holds_the_least_liked(editor_client, monkeypatch):
    monkeypatch.setattr("feedback.dashboard_admin.ARTICLES_PER_PAGE", 2)
    for title, rating in (("Aimé", 5), ("Moyen", 3), ("Mal aimé", 1)):
        opinions(ArticleFactory(title=title), *([rating] * 30))
    first = soup(editor_client.get(DASHBOARD))
    assert [text_of(r.find("th")) for r in first.find("table", class_="ranking").tbody.find_all("tr")] == [
        "Aimé",
        "Moyen",
    ]
    last = first.find("nav", class_="pages").find("a", string="Derniers rangs")["href"]
    page = soup(editor_client.get(DASHBOARD + last.replace("&amp;", "&")))
    assert [text_of(r.find("th")) for r in page.find("table", class_="ranking").tbody.find_all("tr")] == ["Mal aimé"]


def test_an_opinion_shows_at_once_and_a_rebuild_is_seen(
    editor_client, article, post_feedback, django_capture_on_commit_callbacks
):
    opinions(article, 1, 1, days_ago=10)
    editor_client.get(DASHBOARD)  # the days before yesterday are now summed and kept
    post_feedback(rating="5")
    rows = soup(editor_client.get(DASHBOARD)).find("table", class_="ranking").tbody.find_all("tr")
    assert [text_of(td) for td in rows[0].find_all("td")][1:3] == ["3", "2,3"]
    Feedback.objects.create(article=article, rating=5)  # no daily count: only a rebuild sees it
    with django_capture_on_commit_callbacks(execute=True):
        ratings.rebuild()
    rows = soup(editor_client.get(DASHBOARD)).find("table", class_="ranking").tbody.find_all("tr")
    # The rebuild counts from the opinions: the two made by hand above (days_ago=10) are not opinions.
    assert [text_of(td) for td in rows[0].find_all("td")][1:3] == ["2", "5,0"]


def test_an_opinion_an_editor_deletes_stops_counting_at_once(client):
    article = ArticleFactory(title="Avis supprimés")
    revision = Revision.objects.live().get(article=article)
    kept, deleted, also_deleted = (
        ratings.store(FeedbackFactory.build(article=article, revision=revision, rating=rating)) for rating in (5, 1, 2)
    )
    spam = ratings.store(FeedbackFactory.build(article=article, revision=revision, rating=1, spam_reason="honeypot"))
    client.force_login(editor("view_feedback", "change_feedback", "delete_feedback"))

    def summary() -> str:
        found = soup(client.get(DASHBOARD + "?periode=30")).find(class_="site-summary").get_text()
        return " ".join(found.replace("\u202f", " ").split())

    assert "30 derniers jours : 3 avis, note moyenne 2,7 / 5" in summary()
    response = client.post(f"/admin/feedback/feedback/{deleted.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert "30 derniers jours : 2 avis, note moyenne 3,5 / 5" in summary()
    client.post(
        "/admin/feedback/feedback/",
        {"action": "delete_selected", "_selected_action": [also_deleted.pk, spam.pk], "post": "yes"},
    )
    assert list(Feedback.objects.values_list("pk", flat=True)) == [kept.pk]
    assert "30 derniers jours : 1 avis, note moyenne 5,0 / 5" in summary(), "spam never counted, nothing taken off"
