"""What an operator relies on: the health check, backups that restore."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from articles.models import Section
from feedback.models import Feedback
from tests.factories import H3S, FeedbackFactory, SectionFactory, publish_now

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_200_with_the_cache_down_as_pages_are_then_made_from_the_database(client, redis_nowhere):
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_200_with_the_database_down_while_the_cache_serves_the_pages_it_holds(client, database_down):
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_503_without_details_when_neither_the_database_nor_the_cache_answers(
    client, database_down, redis_nowhere, caplog
):
    caplog.set_level(logging.INFO)
    for _ in range(3):  # a load balancer's probes
        response = client.get("/healthz")
        assert response.status_code == 503
        assert b"10.0.0.5" not in response.content and b"Traceback" not in response.content
    # The outages' start lines say it once; Django's "Service Unavailable" would add one per probe.
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backup; PostgreSQL uses pg_dump")
@pytest.mark.django_db(transaction=True)  # a restore needs the database idle
def test_a_backup_restores_the_site_as_it_was(article, tmp_path, capsys):
    FeedbackFactory(article=article, comment="À garder")
    target = tmp_path / "copie.sqlite3"
    call_command("backup_db", "--output", str(target))
    assert f"Sauvegarde écrite : {target}" in capsys.readouterr().out

    Feedback.objects.all().delete()
    Section.objects.filter(heading=H3S[-1]).update(heading="Modifié après la sauvegarde")
    call_command("restore_db", str(target))

    assert list(Feedback.objects.values_list("comment", flat=True)) == ["À garder"]
    assert Section.objects.filter(heading=H3S[-1]).exists()


def test_the_first_admin_account_takes_the_name_the_operator_chose(settings, capsys):
    settings.ADMIN_USERNAME = "direction-medicale"
    call_command("ensure_admin")
    assert "Utilisateur  : direction-medicale" in capsys.readouterr().out
    assert get_user_model().objects.get(is_superuser=True).username == "direction-medicale"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backup; PostgreSQL uses pg_dump")
@pytest.mark.django_db(transaction=True)  # a restore needs the database idle
def test_after_a_restore_readers_get_the_restored_page_not_the_cached_one(client, tmp_path):
    section = SectionFactory(heading="Le traitement d’avant")
    publish_now(section.article)
    page = section.article.get_absolute_url()
    assert "Le traitement d’avant" in client.get(page).content.decode()
    target = tmp_path / "copie.sqlite3"
    call_command("backup_db", "--output", str(target))

    section.heading = "Le traitement d’après"
    section.save()
    publish_now(section.article)
    after_change = client.get(page)
    assert "Le traitement d’après" in after_change.content.decode()
    assert client.get(page)["ETag"] == after_change["ETag"], "the changed page should now be cached"

    call_command("restore_db", str(target))
    restored = client.get(page)
    assert "Le traitement d’avant" in restored.content.decode()
    assert "Le traitement d’après" not in restored.content.decode()
    assert restored["ETag"] != after_change["ETag"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backup through pg_dump and pg_restore")
@pytest.mark.django_db(transaction=True)  # pg_restore works on committed rows
def test_a_postgresql_backup_restores_the_site_and_the_pages_readers_get(client, tmp_path, capsys):
    section = SectionFactory(heading="Le traitement d’avant")
    publish_now(section.article)
    FeedbackFactory(article=section.article, comment="À garder")
    page = section.article.get_absolute_url()
    assert "Le traitement d’avant" in client.get(page).content.decode()
    target = tmp_path / "copie.dump"
    call_command("backup_db", "--output", str(target))
    assert f"Sauvegarde écrite : {target}" in capsys.readouterr().out

    Feedback.objects.all().delete()
    FeedbackFactory(article=section.article, comment="Écrit après la sauvegarde")
    section.heading = "Le traitement d’après"
    section.save()
    publish_now(section.article)
    assert "Le traitement d’après" in client.get(page).content.decode()

    call_command("restore_db", str(target))
    assert "Base restaurée" in capsys.readouterr().out
    assert list(Feedback.objects.values_list("comment", flat=True)) == ["À garder"]
    restored = client.get(page).content.decode()
    assert "Le traitement d’avant" in restored and "Le traitement d’après" not in restored


def test_add_editor_creates_a_staff_account_in_its_role_and_prints_the_password_once(capsys):
    from articles import publishing

    call_command("add_editor", "dr-martin", "--role", "relecteur", "--name", "Claire Martin")
    out = capsys.readouterr().out
    user = get_user_model().objects.get(username="dr-martin")
    password = out.split("Mot de passe : ")[1].split()[0]
    assert user.is_staff and not user.is_superuser and user.check_password(password)
    assert publishing.can_review(user) and user.get_full_name() == "Claire Martin"
    with pytest.raises(Exception, match="existe déjà"):
        call_command("add_editor", "dr-martin", "--role", "redacteur")


def test_add_editor_with_a_profession_makes_the_record_readers_see_linked_to_the_account(capsys):
    from articles.models import Person

    call_command(
        "add_editor", "dr-martin", "--role", "relecteur", "--name", "Claire Martin", "--profession", "médecin oncologue"
    )
    person = Person.objects.get(user__username="dr-martin")
    assert (person.name, person.slug, person.profession) == ("Claire Martin", "claire-martin", "médecin oncologue")
    with pytest.raises(Exception, match="fiche « claire-martin » existe déjà"):
        call_command("add_editor", "cmartin", "--role", "relecteur", "--name", "Claire Martin", "--profession", "x")
    assert not get_user_model().objects.filter(username="cmartin").exists()
