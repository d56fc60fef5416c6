"""What an operator relies on: the health check, backups that restore."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from articles.models import Section
from feedback.models import Feedback
from tests.factories import H3S, FeedbackFactory

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_without_details_when_the_database_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("connection refused by 10.0.0.5")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"10.0.0.5" not in response.content and b"Traceback" not in response.content


def test_healthz_answers_503_when_the_cache_fails(client, monkeypatch):
    monkeypatch.setattr(type(caches["default"]), "get", lambda *args, **kwargs: None)
    assert client.get("/healthz").status_code == 503


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
