"""`manage.py overdue_reviews`: the overdue medical reviews listed, and with --email sent to the
people who can do them."""

from datetime import timedelta
from email.header import decode_header, make_header
from email.utils import getaddresses
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import ArticleFactory, PersonFactory, ReviewerFactory, StaffFactory
from tests.reviews import reviewed, today
from tests.seed import seed_article

pytestmark = pytest.mark.django_db

SITE = "https://sante.example.fr"


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:
    settings.SITE_URL = SITE


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("overdue_reviews", *args, stdout=out, stderr=err)  # an error would raise: exit code 0
    return out.getvalue(), err.getvalue()


@pytest.fixture
def claire():
    """A medical reviewer with an account and an e-mail address."""
    user = StaffFactory(username="claire", email="claire.martin@example.fr")
    return PersonFactory(name="Dr Claire Martin", user=user)


@pytest.fixture
def overdue(claire) -> dict:
    """The seed article (review pending), two articles Claire reviewed, past due, one reviewed by
    someone without an account, and one up to date."""
    late = ArticleFactory(title="La vaccination", slug="la-vaccination")
    reviewed(late, today() - timedelta(days=10), claire)
    later = ArticleFactory(title="Les allergies", slug="les-allergies")
    reviewed(later, today() - timedelta(days=1), claire)
    unreachable = ArticleFactory(title="Le sommeil", slug="le-sommeil")
    reviewed(unreachable, today() - timedelta(days=5), PersonFactory(name="Dr Paul Durand"))
    reviewed(ArticleFactory(title="À jour"), today() + timedelta(days=1), claire)
    return {"seed": seed_article(), "late": late, "later": later, "unreachable": unreachable}


def test_it_lists_the_overdue_articles_with_their_address_due_date_and_reviewer(overdue, mailoutbox):
    out, err = run()
    lines = out.splitlines()
    assert lines == [
        f"« L’immunothérapie » {SITE}/articles/immunotherapie/ : relecture en attente (relecteur : aucun)",
        f"« La vaccination » {SITE}/articles/la-vaccination/ : prévue le "
        f"{today() - timedelta(days=10):%d/%m/%Y} (relecteur : Dr Claire Martin)",
        f"« Le sommeil » {SITE}/articles/le-sommeil/ : prévue le "
        f"{today() - timedelta(days=5):%d/%m/%Y} (relecteur : Dr Paul Durand)",
        f"« Les allergies » {SITE}/articles/les-allergies/ : prévue le "
        f"{today() - timedelta(days=1):%d/%m/%Y} (relecteur : Dr Claire Martin)",
        "4 articles en relecture médicale en retard.",
    ]
    assert err == ""
    assert mailoutbox == []  # without --email, nobody is written to


def test_it_says_when_no_review_is_overdue(mailoutbox):
    reviewed(seed_article(), today() + timedelta(days=30))
    out, _ = run("--email")
    assert out.splitlines() == ["0 article en relecture médicale en retard.", "0 e-mail envoyé."]
    assert mailoutbox == []


def test_each_reviewer_gets_one_e_mail_listing_their_overdue_articles(overdue, mailoutbox):
    ReviewerFactory(email="ines.petit@example.fr", first_name="Inès", last_name="Petit", person=False)
    run("--email")
    (to_claire,) = [m for m in mailoutbox if m.to == ['"Dr Claire Martin" <claire.martin@example.fr>']]
    assert to_claire.subject == "Relecture médicale en retard : 2 articles"
    assert to_claire.body.startswith("Bonjour Dr Claire Martin,")
    assert f"- La vaccination : prévue le {today() - timedelta(days=10):%d/%m/%Y}" in to_claire.body
    assert f"Dans l’administration : {SITE}/admin/articles/article/{overdue['late'].pk}/change/" in to_claire.body
    assert f"Sur le site : {SITE}/articles/la-vaccination/" in to_claire.body
    assert "- Les allergies" in to_claire.body
    assert "L’immunothérapie" not in to_claire.body and "Le sommeil" not in to_claire.body


def test_pending_reviews_and_reviewers_without_an_address_go_to_the_medical_reviewers(overdue, mailoutbox):
    ReviewerFactory(email="ines.petit@example.fr", first_name="Inès", last_name="Petit", person=False)
    ReviewerFactory(email="", person=False)  # no address: nothing to send to
    ReviewerFactory(email="parti@example.fr", is_active=False, person=False)  # left: not written to
    out, _ = run("--email")
    (to_ines,) = [m for m in mailoutbox if m.to == ['"Inès Petit" <ines.petit@example.fr>']]
    assert to_ines.subject == "Relecture médicale en retard : 2 articles"
    assert "membre du groupe « Relecteurs médicaux »" in to_ines.body
    assert "- L’immunothérapie : relecture en attente" in to_ines.body
    assert f"{SITE}/admin/articles/article/{overdue['seed'].pk}/change/" in to_ines.body
    assert "- Le sommeil : prévue le" in to_ines.body
    assert "La vaccination" not in to_ines.body
    assert len(mailoutbox) == 2
    assert "E-mail envoyé à Dr Claire Martin <claire.martin@example.fr> : 2 articles." in out
    assert "E-mail envoyé à Inès Petit <ines.petit@example.fr> : 2 articles." in out
    assert out.splitlines()[-1] == "2 e-mails envoyés."


def test_a_reviewer_in_the_group_gets_their_own_and_the_unassigned_articles_in_one_e_mail(overdue, claire, mailoutbox):
    claire.user.groups.add(ReviewerFactory(person=False).groups.get())
    run("--email")
    (message,) = mailoutbox
    assert message.subject == "Relecture médicale en retard : 4 articles"
    assert all(title in message.body for title in ("L’immunothérapie", "La vaccination", "Le sommeil", "Les allergies"))


def test_it_says_when_nobody_can_be_told_of_a_pending_review(mailoutbox):
    seed_article()
    out, err = run("--email")
    assert mailoutbox == []
    assert out.splitlines()[-1] == "0 e-mail envoyé."
    assert "Personne n’a été prévenu pour 1 article(s)" in err


def test_a_name_with_a_comma_still_makes_one_address(overdue, claire, mailoutbox):
    claire.name = "Martin, Claire (Dr)"
    claire.save()
    run("--email")
    (message,) = mailoutbox
    header = message.message()["To"]
    assert getaddresses([str(make_header(decode_header(header)))]) == [
        ("Martin, Claire (Dr)", "claire.martin@example.fr")
    ]


def test_the_e_mails_are_in_french_from_the_site(overdue, settings, mailoutbox):
    settings.DEFAULT_FROM_EMAIL = "Infos santé <relecture@sante.example.fr>"
    run("--email")
    (message,) = mailoutbox
    assert message.from_email == "Infos santé <relecture@sante.example.fr>"
    assert message.body.rstrip().endswith(f"Message automatique de {SITE}.")
