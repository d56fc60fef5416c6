"""Only a database that does not answer is an outage; a wrong query is an error (a 500), never
hidden behind a kept page or a spooled opinion (operations/database.py)."""

import pytest
from django.db import DatabaseError, connection
from django.test import Client

from articles import live
from operations import outages
from operations.database import is_outage
from tests.outage import database_unreachable

pytestmark = pytest.mark.django_db


def error_of(sql: str) -> DatabaseError:
    with pytest.raises(DatabaseError) as raised, connection.cursor() as cursor:
        cursor.execute(sql)
    return raised.value


def test_a_server_that_cannot_be_reached_is_an_outage():
    with database_unreachable() as broken, pytest.raises(DatabaseError) as raised:
        broken.ensure_connection()
    assert is_outage(raised.value)


def test_a_missing_table_as_before_a_migrate_is_not_an_outage():
    assert not is_outage(error_of("SELECT * FROM table_que_personne_n_a_creee"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement timeout")
def test_a_statement_cancelled_by_its_timeout_is_not_an_outage():
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 1")
    try:
        assert not is_outage(error_of("SELECT pg_sleep(1)"))
    finally:
        connection.close()  # the setting goes with the connection


def test_a_wrong_query_under_a_reader_page_is_a_500_and_no_outage(article, monkeypatch):
    def broken_lookup(slug):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM table_que_personne_n_a_creee")

    monkeypatch.setattr(live, "lookup", broken_lookup)
    response = Client(raise_request_exception=False).get(article.get_absolute_url() + "?page=2")
    assert response.status_code == 500
    assert not outages.is_down(outages.DATABASE)
