"""The editorial workflow: readers see only what a medical reviewer approved."""

import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import page_cache, publishing
from articles.models import Article, Event, Revision
from feedback.spam import sign_shown_at
from tests.factories import ArticleFactory, PersonFactory, SectionFactory, StaffFactory, publish_now
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

APPROVAL = publishing.Approval(scope=Revision.Scope.COMPLETE, change_note="Nouveaux traitements", substantive=True)


def member(group: str, **kwargs):
    user = StaffFactory(is_superuser=False, **kwargs)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer():
    return member("Rédacteurs", username="redactrice")


@pytest.fixture
def reviewer():
    user = member("Relecteurs médicaux", username="docteure")
    PersonFactory(user=user, name="Dr Anne Docteure", slug="anne-docteure")
    return user


def edit(article: Article, user, **fields) -> Revision | None:
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    return publishing.record_save(article, user)


def test_the_roles_exist_with_what_each_may_do(writer, reviewer):
    assert publishing.can_submit(writer) and not publishing.can_review(writer)
    assert publishing.can_submit(reviewer) and publishing.can_review(reviewer)


def test_saving_a_working_copy_changes_nothing_readers_see(client, article, writer):
    before = client.get(article.get_absolute_url())
    edit(article, writer, title="Titre pas encore relu")
    assert article.state == Article.State.DRAFT
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=before["ETag"])
    assert again.status_code == 304


def test_every_change_keeps_a_snapshot_and_an_unchanged_save_keeps_none(article, writer):
    count = article.revisions.count()
    assert edit(article, writer, title="Un autre titre").number == count + 1
    assert edit(article, writer) is None
    assert article.revisions.count() == count + 1
    assert article.revisions.first().created_by == writer


def test_a_submitted_article_approved_by_a_reviewer_goes_live(client, article, writer, reviewer):
    edit(article, writer, title="La vaccination en 2026")
    publishing.submit(article, writer)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "La vaccination en 2026" not in client.get(article.get_absolute_url()).content.decode()
    revision = publishing.approve_and_publish(article, reviewer, APPROVAL)
    page = soup(client.get(article.get_absolute_url()))
    assert page.find("h1").get_text() == "La vaccination en 2026"
    assert revision.approved_by == reviewer and revision.review_scope == "complete"
    assert [e.action for e in article.events.all()[:3]] == ["published", "submitted", "saved"]


def test_a_writer_cannot_approve(article, writer):
    edit(article, writer, title="Autre titre")
    publishing.submit(article, writer)
    with pytest.raises(publishing.WorkflowError, match="relecteur médical"):
        publishing.approve_and_publish(article, writer, APPROVAL)


def test_nobody_who_edited_since_the_last_publication_may_approve_superusers_included(article, reviewer):
    boss = StaffFactory(is_superuser=True)
    edit(article, boss, title="Corrigé par la cheffe")
    publishing.submit(article, boss)
    with pytest.raises(publishing.WorkflowError, match="quatre yeux"):
        publishing.approve_and_publish(article, boss, APPROVAL)
    publishing.approve_and_publish(article, reviewer, APPROVAL)


def test_approval_is_refused_when_the_working_copy_changed_after_submission(client, article, writer, reviewer):
    edit(article, writer, title="Version soumise")
    publishing.submit(article, writer)
    edit(article, writer, title="Version changée ensuite")
    with pytest.raises(publishing.WorkflowError, match="soumise de nouveau"):
        publishing.approve_and_publish(article, reviewer, APPROVAL)
    assert "Version changée ensuite" not in client.get(article.get_absolute_url()).content.decode()


def test_a_reviewer_sends_an_article_back_with_a_comment(article, writer, reviewer):
    edit(article, writer, title="À revoir")
    revision = publishing.submit(article, writer)
    with pytest.raises(publishing.WorkflowError, match="commentaire obligatoire"):
        publishing.request_changes(article, reviewer, " ")
    publishing.request_changes(article, reviewer, "La posologie est à vérifier.")
    article.refresh_from_db()
    revision.refresh_from_db()
    assert article.state == Article.State.CHANGES_REQUESTED
    assert revision.state == Revision.State.SENT_BACK
    assert article.events.first().comment == "La posologie est à vérifier."


def test_a_minor_correction_keeps_the_dates_of_the_last_complete_review(client, article, writer, reviewer):
    edit(article, writer, title="Première version relue")
    publishing.submit(article, writer)
    complete = publishing.approve_and_publish(article, reviewer, APPROVAL)
    edit(article, writer, title="Première version relue, sans coquille")
    publishing.submit(article, writer)
    minor = publishing.approve_and_publish(article, reviewer, publishing.Approval(scope=Revision.Scope.MINOR))
    assert minor.updated_at == complete.updated_at
    assert (
        minor.updates == complete.updates == [{"date": complete.go_live_at.isoformat(), "note": "Nouveaux traitements"}]
    )
    page = soup(client.get(article.get_absolute_url()))
    assert "Nouveaux traitements" in text_of(page.find("details", id="mises-a-jour"))


def test_unpublishing_takes_the_page_down_at_once_and_keeps_the_working_copy(client, article, reviewer):
    client.get(article.get_absolute_url())
    publishing.unpublish(article, reviewer)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get("/").content.decode()
    assert Article.objects.filter(pk=article.pk, title=article.title).exists()


def test_a_new_address_takes_effect_when_published_and_the_old_one_leads_to_it(client, article, writer, reviewer):
    old = article.get_absolute_url()
    edit(article, writer, slug="la-vaccination-expliquee")
    assert client.get("/articles/la-vaccination-expliquee/").status_code == 404
    assert client.get(old).status_code == 200  # saved, not published: the old address is still the page
    publishing.submit(article, writer)
    publishing.approve_and_publish(article, reviewer, publishing.Approval(scope=Revision.Scope.MINOR))
    assert client.get("/articles/la-vaccination-expliquee/").status_code == 200
    moved = client.get(old)
    assert (moved.status_code, moved["Location"]) == (301, "/articles/la-vaccination-expliquee/")
    old_slug = old.strip("/").split("/")[-1]
    response = client.post(
        f"/avis/{old_slug}/",
        urlencode({"rating": "5", "shown_at": sign_shown_at(time.time() - 30)}),
        content_type="application/x-www-form-urlencoded",
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303
    assert article.feedback.count() == 1


def test_publishing_one_article_leaves_the_other_cached_pages_warm(
    client, article, writer, reviewer, django_assert_num_queries
):
    other = ArticleFactory()
    client.get(other.get_absolute_url())
    edit(article, writer, title="Republié")
    publishing.submit(article, writer)
    publishing.approve_and_publish(article, reviewer, APPROVAL)
    with django_assert_num_queries(0):
        assert client.get(other.get_absolute_url()).status_code == 200


def test_a_teaser_appears_when_its_article_goes_live(client, writer, reviewer):
    target = ArticleFactory(published=False, title="Les allergies")
    article = ArticleFactory(published=False)
    SectionFactory(article=article, read_also=target)
    publish_now(article)
    assert "Les allergies" not in client.get(article.get_absolute_url()).content.decode()
    publishing.submit(target, writer)
    publishing.approve_and_publish(target, reviewer, APPROVAL)
    page = soup(client.get(article.get_absolute_url()))
    assert text_of(page.select_one("aside.teaser a")) == "Les allergies"


def test_a_scheduled_publication_shows_at_its_minute_without_cron(client, article, writer, reviewer, monkeypatch):
    client.get(article.get_absolute_url())
    edit(article, writer, title="Programmé pour demain")
    publishing.submit(article, writer)
    tomorrow = timezone.now() + timedelta(days=1)
    publishing.approve_and_publish(article, reviewer, publishing.Approval(scope="complete", go_live_at=tomorrow))
    assert "Programmé pour demain" not in client.get(article.get_absolute_url()).content.decode()
    later = tomorrow + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(page_cache.time, "time", lambda: later.timestamp())
    assert "Programmé pour demain" in client.get(article.get_absolute_url()).content.decode()


def test_a_scheduled_end_takes_the_article_down_at_its_minute(client, article, reviewer, monkeypatch):
    client.get(article.get_absolute_url())
    end = timezone.now() + timedelta(hours=2)
    publishing.unpublish(article, reviewer, at=end)
    assert client.get(article.get_absolute_url()).status_code == 200
    later = end + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(page_cache.time, "time", lambda: later.timestamp())
    assert client.get(article.get_absolute_url()).status_code == 404


def test_restoring_copies_a_revision_into_the_working_copy_only(client, article, writer, reviewer):
    first = article.revisions.get()
    key = article.sections.first().key
    edit(article, writer, title="Réécrit")
    article.sections.first().delete()
    publishing.record_save(article, writer)
    publishing.submit(article, writer)
    publishing.approve_and_publish(article, reviewer, APPROVAL)
    publishing.restore(article, first, writer)
    article.refresh_from_db()
    assert article.title == first.content["title"]
    assert article.sections.filter(key=key).exists()  # the section came back with its identity
    assert "Réécrit" in client.get(article.get_absolute_url()).content.decode()
    assert article.events.filter(action=Event.Action.RESTORED).exists()


def test_a_renderer_change_rebuilds_the_html_of_live_revisions_without_approval(client, article, monkeypatch):
    client.get(article.get_absolute_url())
    monkeypatch.setattr("articles.publishing.RENDERER_VERSION", 99)
    monkeypatch.setattr("articles.revisions.render_markdown", lambda text, *_: f"<p>v99 {len(text)}</p>")
    assert publishing.rerender() == Revision.objects.count()
    assert "v99" in client.get(article.get_absolute_url()).content.decode()
    assert not article.revisions.exclude(renderer=99).exists()


def test_only_the_publishing_module_makes_pages_stale():
    from pathlib import Path

    callers = [
        path
        for path in Path(__file__).resolve().parents[2].glob("[a-z]*/**/*.py")
        if ".venv" not in path.parts and "tests" not in path.parts and "page_cache.bump(" in path.read_text()
    ]
    assert [p.name for p in callers] == ["publishing.py"]


def test_the_cron_command_records_due_switches_once(article, writer, reviewer, monkeypatch):
    from django.core.management import call_command

    edit(article, writer, title="Programmé")
    publishing.submit(article, writer)
    soon = timezone.now() + timedelta(minutes=5)
    publishing.approve_and_publish(article, reviewer, publishing.Approval(scope="minor", go_live_at=soon))
    publishing.unpublish(article, reviewer, at=soon + timedelta(days=1))
    assert publishing.apply_due_switches() == []
    assert publishing.apply_due_switches(soon) == ["« Programmé » : version n° 2 en ligne"]
    assert publishing.apply_due_switches(soon) == []
    later = soon + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.unpublish_at is None and article.state == Article.State.DRAFT
    assert article.events.first().comment == "Dépublication programmée effectuée"


def test_the_rerender_command_remakes_every_version_when_asked(article, capsys):
    from django.core.management import call_command

    call_command("rerender_revisions")
    assert capsys.readouterr().out.startswith("0 version(s)")
    call_command("rerender_revisions", "--all")
    assert capsys.readouterr().out.startswith(f"{Revision.objects.count()} version(s)")
