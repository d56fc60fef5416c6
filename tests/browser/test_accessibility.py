"""axe-core finds no violation on any page a reader can reach, in each state of the feedback block."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_no_axe_violation
from tests.browser.reader import choose_rating, send_opinion, write_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Nos articles de santé"),
        ("{article}", "{title}"),  # the test's own article
        ("/accessibilite/", "Déclaration d’accessibilité"),
        ("/a-propos/", "Qui sommes-nous"),
        ("/mentions-legales/", "Mentions légales"),
        ("/confidentialite/", "Politique de confidentialité"),
        ("/cette-page-n-existe-pas/", "Page introuvable"),
        ("/recherche/?q=ricochet", "1 résultat pour « ricochet »"),
        ("/recherche/?q=paludisme", "Aucun article ne correspond à « paludisme »"),
    ],
)
def test_axe_finds_no_violation_on_the_page(page: Page, article, site_pages, path: str, heading: str):
    page.goto(path.format(article=article.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading.format(title=article.title))

    assert_no_axe_violation(page)


def test_axe_finds_no_violation_on_the_article_showing_feedback_errors(new_context, article):
    # The no-JavaScript answer to an invalid post, with JavaScript back on for axe itself:
    # the site's script is blocked so the form posts the classic way.
    context = new_context()
    context.route("**/feedback.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(article.get_absolute_url())
    write_comment(page, "Sans note.")
    with page.expect_response(lambda r: "/avis/" in r.url) as posted:
        send_opinion(page)
    assert posted.value.status == 400
    expect(page.locator(".error-summary")).to_be_visible()

    assert_no_axe_violation(page)


def test_axe_finds_no_violation_once_the_reader_is_thanked(page: Page, article):
    page.goto(article.get_absolute_url())
    choose_rating(page, 4)
    send_opinion(page)
    expect(page.get_by_text("Merci pour votre retour.")).to_be_visible()

    assert_no_axe_violation(page)


def test_the_footer_link_states_the_conformance_level_the_statement_declares(page: Page):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibilité : partiellement conforme").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d’accessibilité")
    expect(page.locator("main")).to_contain_text("Ce site est partiellement conforme au niveau AA")
    expect(page.locator("main")).to_contain_text("axe-core")
