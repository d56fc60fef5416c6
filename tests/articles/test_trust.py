"""Who wrote an article, who checked it and when: what readers see, and the rules behind it."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import publishing
from articles.models import Article, ArticleAuthor, Event, Revision
from tests.factories import ArticleFactory, PersonFactory, ReviewerFactory, StaffFactory, WriterFactory
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

COMPLETE = publishing.Approval(scope=Revision.Scope.COMPLETE, change_note="Relu en entier", substantive=True)
MINOR = publishing.Approval(scope=Revision.Scope.MINOR, change_note="Coquille")


def edit_and_submit(article: Article, writer, **fields) -> None:
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    publishing.submit(article, writer)


def plain(element) -> str:
    """The element's text as a reader reads it (no space added around links)."""
    return " ".join(element.get_text().split())


def trust_line(client, article: Article) -> str:
    return plain(soup(client.get(article.get_absolute_url())).select_one(".trust-line"))


def trust_block(client, article: Article) -> str:
    return plain(soup(client.get(article.get_absolute_url())).select_one("section.trust"))


@pytest.fixture
def writer():
    user = WriterFactory()
    user.groups.add(Group.objects.get(name="Rédacteurs"))
    return user


@pytest.fixture
def reviewer():
    return ReviewerFactory(username="martin")


def test_a_complete_review_names_its_reviewer_and_dates_on_the_page(client, article, writer, reviewer):
    person = reviewer.person
    person.name, person.profession, person.credentials = "Dr Paul Martin", "médecin oncologue", "PU-PH"
    person.save()
    edit_and_submit(article, writer, title="La vaccination, relue")
    publishing.approve_and_publish(article, reviewer, COMPLETE)
    today = timezone.localdate()
    a_year_later = (
        today.replace(year=today.year + 1) if (today.month, today.day) != (2, 29) else date(today.year + 1, 2, 28)
    )

    line = trust_line(client, article)
    assert f"Relu par Dr Paul Martin, médecin oncologue, le {today.day} " in line
    block = trust_block(client, article)
    assert "Relu par Dr Paul Martin, médecin oncologue (PU-PH), le" in block
    assert "Prochaine relecture prévue" in block
    page = soup(client.get(article.get_absolute_url()))
    assert page.select_one(".trust-line a")["href"] == "/auteurs/martin/"
    live = Revision.objects.live().get(article=article)
    assert (live.reviewer, live.reviewed_on, live.next_review_on) == (person, today, a_year_later)


def test_a_complete_review_is_signed_by_a_person_so_an_account_without_one_cannot_give_it(article, writer):
    anonymous_reviewer = ReviewerFactory(person=False)
    edit_and_submit(article, writer, title="Pas encore relue")
    with pytest.raises(publishing.WorkflowError, match="aucune fiche"):
        publishing.approve_and_publish(article, anonymous_reviewer, COMPLETE)
    assert not Revision.objects.live().filter(title="Pas encore relue").exists()
    # A minor correction needs no signature: it keeps the last complete review.
    publishing.approve_and_publish(article, anonymous_reviewer, MINOR)
    assert Revision.objects.live().get(article=article).title == "Pas encore relue"


def test_a_minor_correction_keeps_the_reviewer_and_dates_of_the_last_complete_review(client, article, writer, reviewer):
    edit_and_submit(article, writer, title="Relue en entier")
    complete = publishing.approve_and_publish(article, reviewer, COMPLETE)
    other = ReviewerFactory(username="durand")
    edit_and_submit(article, writer, title="Relue en entier, coquille corrigée")
    minor = publishing.approve_and_publish(article, other, MINOR)
    assert minor.approved_by == other
    assert (minor.reviewer, minor.reviewed_on, minor.next_review_on) == (
        complete.reviewer,
        complete.reviewed_on,
        complete.next_review_on,
    )
    assert "Relu par Dr Martin" in trust_line(client, article)
    assert "Durand" not in trust_line(client, article)


def test_the_reviewer_may_choose_the_next_review_date_but_not_in_the_past(article, writer, reviewer):
    edit_and_submit(article, writer, title="Sujet qui bouge vite")
    with pytest.raises(publishing.WorkflowError, match="après aujourd’hui"):
        publishing.approve_and_publish(
            article, reviewer, publishing.Approval(scope="complete", next_review_on=date(2020, 1, 1))
        )
    in_six_months = timezone.localdate() + timedelta(days=182)
    approval = publishing.Approval(scope="complete", next_review_on=in_six_months)
    assert publishing.approve_and_publish(article, reviewer, approval).next_review_on == in_six_months


def test_a_reviewer_reschedules_the_next_review_of_the_live_version(client, article, reviewer, writer):
    edit_and_submit(article, writer)
    publishing.approve_and_publish(article, reviewer, COMPLETE)
    later = timezone.localdate() + timedelta(days=400)
    publishing.reschedule_review(article, reviewer, later, "Recommandations stables")
    assert Revision.objects.live().get(article=article).next_review_on == later
    assert later.strftime("%Y") in trust_block(client, article)
    assert article.events.first().action == Event.Action.REVIEW_RESCHEDULED
    with pytest.raises(publishing.WorkflowError, match="Seul un relecteur médical"):
        publishing.reschedule_review(article, writer, later)


def written_weeks_ago(article: Article) -> None:
    """As if the live text had been saved a month ago: a review since then read it."""
    Revision.objects.filter(article=article).update(created_at=timezone.now() - timedelta(days=30))


def test_a_superuser_records_a_review_done_outside_the_site(client, article, writer):
    written_weeks_ago(article)
    admin = StaffFactory()
    clinician = PersonFactory(name="Pr Sophie Bernard", slug="sophie-bernard", profession="pneumologue")
    with pytest.raises(publishing.WorkflowError, match="administrateur"):
        publishing.record_review(article, writer, clinician, timezone.localdate())
    with pytest.raises(publishing.WorkflowError, match="futur"):
        publishing.record_review(article, admin, clinician, timezone.localdate() + timedelta(days=1))

    three_weeks_ago = timezone.localdate() - timedelta(days=21)
    publishing.record_review(article, admin, clinician, three_weeks_ago, comment="Relu sur papier au comité")
    live = Revision.objects.live().get(article=article)
    assert (live.reviewer, live.reviewed_on) == (clinician, three_weeks_ago)
    assert "Relu par Pr Sophie Bernard, pneumologue" in trust_line(client, article)
    event = article.events.first()
    assert event.action == Event.Action.REVIEW_RECORDED and "Relu sur papier" in event.comment


def test_a_review_cannot_be_recorded_on_an_article_readers_do_not_see(writer):
    draft = ArticleFactory(published=False)
    with pytest.raises(publishing.WorkflowError, match="pas en ligne"):
        publishing.record_review(draft, StaffFactory(), PersonFactory(), timezone.localdate())


def test_the_authors_show_in_their_order_and_link_to_their_pages(client, article, writer, reviewer):
    first = PersonFactory(name="Léa Petit", slug="lea-petit", profession="journaliste santé")
    second = PersonFactory(name="Dr Karim Haddad", slug="karim-haddad", profession="médecin généraliste")
    ArticleAuthor.objects.create(article=article, person=second, position=2)
    ArticleAuthor.objects.create(article=article, person=first, position=1)
    edit_and_submit(article, writer)
    publishing.approve_and_publish(article, reviewer, COMPLETE)
    assert trust_line(client, article).startswith("Par Léa Petit et Dr Karim Haddad · Relu par")
    page = soup(client.get(article.get_absolute_url()))
    assert [a["href"] for a in page.select(".trust-line a")][:2] == ["/auteurs/lea-petit/", "/auteurs/karim-haddad/"]
    block = trust_block(client, article)
    assert "Rédigé par Léa Petit, journaliste santé (Docteur en médecine, DES d’oncologie) Dr Karim Haddad" in block


def test_authors_changed_in_the_working_copy_reach_readers_only_once_approved(client, article, writer, reviewer):
    author = PersonFactory(name="Léa Petit", slug="lea-petit")
    ArticleAuthor.objects.create(article=article, person=author)
    publishing.record_save(article, writer)
    assert "Léa Petit" not in trust_line(client, article)
    publishing.submit(article, writer)
    publishing.approve_and_publish(article, reviewer, MINOR)
    assert "Par Léa Petit" in trust_line(client, article)


def test_a_person_renamed_is_renamed_at_once_on_every_page_that_names_them(client, writer, reviewer):
    articles = [ArticleFactory(published=False) for _ in range(2)]
    for article in articles:
        edit_and_submit(article, writer)
        publishing.approve_and_publish(article, reviewer, COMPLETE)
        assert "Dr Martin" in trust_line(client, article)  # and now in the page cache
    person = reviewer.person
    person.name = "Pr Paul Martin"
    person.save()
    publishing.person_changed(person)
    for article in articles:
        assert "Relu par Pr Paul Martin" in trust_line(client, article)


def test_an_article_never_reviewed_says_so_and_invents_nobody(client):
    article = ArticleFactory()
    assert "Relecture médicale en attente" in trust_line(client, article)
    assert not soup(client.get(article.get_absolute_url())).select(".trust-line a")
    block = trust_block(client, article)
    assert "Auteur non renseigné" in block
    assert "n’a pas encore été relu par un professionnel de santé" in block
    assert "Prochaine relecture" not in block


def test_the_preview_shows_the_working_copys_authors_with_the_live_review(staff_client, article, writer, reviewer):
    edit_and_submit(article, writer)
    publishing.approve_and_publish(article, reviewer, COMPLETE)
    ArticleAuthor.objects.create(article=article, person=PersonFactory(name="Léa Petit", slug="lea-petit"))
    preview = soup(staff_client.get(f"/admin/articles/article/{article.pk}/apercu/contenu/"))
    assert plain(preview.select_one(".trust-line")).startswith("Par Léa Petit · Relu par Dr Martin")


def test_a_hostile_name_is_shown_as_text(client, writer, reviewer):
    reviewer.person.name = '<script>alert("x")</script>'
    reviewer.person.save()
    article = ArticleFactory(published=False)
    edit_and_submit(article, writer)
    publishing.approve_and_publish(article, reviewer, COMPLETE)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_the_article_page_still_costs_one_query_with_authors_and_reviewer(
    client, writer, reviewer, django_assert_num_queries
):
    article = ArticleFactory(published=False)
    ArticleAuthor.objects.create(article=article, person=PersonFactory())
    edit_and_submit(article, writer)
    publishing.approve_and_publish(article, reviewer, COMPLETE)
    client.get("/")  # the maps of live articles and of the site's texts are made
    with django_assert_num_queries(1):
        assert "Relu par" in client.get(article.get_absolute_url()).content.decode()


# The admin.


def test_the_change_form_shows_the_review_and_a_superuser_records_one_there(client, article):
    written_weeks_ago(article)
    admin = StaffFactory()
    client.force_login(admin)
    change = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert "Relecture médicale : en attente" in text_of(soup(change).select_one(".workflow-state"))
    url = f"/admin/articles/article/{article.pk}/relecture-hors-site/"
    clinician = PersonFactory(name="Pr Sophie Bernard", slug="sophie-bernard")
    refused = client.post(url, {"reviewer": clinician.pk, "reviewed_on": "2999-01-01", "comment": "Au comité"})
    assert "futur" in text_of(soup(refused).select_one(".errornote"))
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = client.post(url, {"reviewer": clinician.pk, "reviewed_on": day, "comment": "Au comité"})
    assert response.status_code == 302
    assert "Relu par Pr Sophie Bernard" in trust_line(client.__class__(), article)


def test_only_a_superuser_may_record_an_outside_review(client, article, reviewer):
    client.force_login(reviewer)
    assert client.get(f"/admin/articles/article/{article.pk}/relecture-hors-site/").status_code == 403


def test_an_article_leaves_the_overdue_list_once_reviewed_and_comes_back_when_due(article, writer, reviewer):
    from articles import review_due

    def overdue_ids(today=None) -> set[int]:
        return set(review_due.overdue(today).values_list("article_id", flat=True))

    assert article.pk in overdue_ids()  # never reviewed: pending
    edit_and_submit(article, writer, title="Relue")
    revision = publishing.approve_and_publish(article, reviewer, COMPLETE)
    assert article.pk not in overdue_ids()
    assert article.pk in overdue_ids(revision.next_review_on + timedelta(days=1))


def test_a_writer_chooses_the_authors_and_lists_the_sources_on_the_article_form(client, article, writer):
    client.force_login(writer)
    form = soup(client.get(f"/admin/articles/article/{article.pk}/change/"))
    assert form.find("input", attrs={"name": "authorships-TOTAL_FORMS"})
    assert form.find("input", attrs={"name": "sources-TOTAL_FORMS"})


def test_an_outside_review_older_than_the_one_readers_see_or_than_the_text_is_refused(article, writer, reviewer):
    admin = StaffFactory()
    edit_and_submit(article, writer, title="Relue aujourd’hui")
    publishing.approve_and_publish(article, reviewer, COMPLETE)
    older = PersonFactory(name="Pr Ancien", slug="ancien")
    with pytest.raises(publishing.WorkflowError, match="antérieure au texte en ligne"):
        publishing.record_review(article, admin, older, timezone.localdate() - timedelta(days=800))
    live = Revision.objects.live().get(article=article)
    assert live.reviewer == reviewer.person


def test_an_outside_review_does_not_replace_a_newer_review_of_a_version_still_to_come(article, writer, reviewer):
    admin = StaffFactory()
    clinician = PersonFactory(name="Pr Sophie Bernard", slug="sophie-bernard")
    yesterday = timezone.localdate() - timedelta(days=1)
    Revision.objects.filter(article=article).update(created_at=timezone.now() - timedelta(days=3))
    edit_and_submit(article, writer, title="Version programmée")
    in_two_days = timezone.now() + timedelta(days=2)
    scheduled = publishing.approve_and_publish(
        article, reviewer, publishing.Approval(scope="complete", go_live_at=in_two_days)
    )
    live = publishing.record_review(article, admin, clinician, yesterday, comment="Au comité")
    assert live.go_live_at < timezone.now() and live.reviewer == clinician
    scheduled.refresh_from_db()
    assert scheduled.reviewer == reviewer.person and scheduled.reviewed_on == timezone.localdate()
    assert article.events.first().revision == live


def test_a_review_never_done_cannot_be_rescheduled_nor_a_review_put_off_for_years(article, writer, reviewer):
    with pytest.raises(publishing.WorkflowError, match="jamais été relu"):
        publishing.reschedule_review(article, reviewer, timezone.localdate() + timedelta(days=30))
    edit_and_submit(article, writer)
    publishing.approve_and_publish(article, reviewer, COMPLETE)
    with pytest.raises(publishing.WorkflowError, match="plus de 2 ans"):
        publishing.reschedule_review(article, reviewer, timezone.localdate() + timedelta(days=3 * 365))
    in_two_years = timezone.localdate() + timedelta(days=700)
    publishing.reschedule_review(article, reviewer, in_two_years)
    assert Revision.objects.live().get(article=article).next_review_on == in_two_years
