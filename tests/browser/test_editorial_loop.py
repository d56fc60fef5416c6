"""The editorial loop driven in the real admin: a writer submits, a medical reviewer compares,
approves or sends back, readers see only what was approved, and an old version comes back."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from articles import publishing
from articles.models import Article
from tests.browser.accessibility import assert_no_axe_violation_in_either_theme
from tests.browser.editor import REVIEWERS, WRITERS, change_url, log_in, member, opened_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTION = "Le principe"  # an H3 of ArticleWithSectionsFactory, its text made by the factory
OLD_TEXT = "Ce qu’il faut savoir sur « Le principe », en quelques phrases simples."
NEW_TEXT = "Ce qu’il faut retenir sur « Le principe », en quelques phrases simples."
LATER_TEXT = "Ce qu’il faut retenir sur « Le principe », en trois phrases simples."
NOTE = "Le principe de la vaccination est reformulé."


@pytest.fixture
def writer(new_context) -> Page:
    member(WRITERS, "redactrice")
    return log_in(new_context().new_page(), "redactrice")


@pytest.fixture
def reviewer(new_context) -> Page:
    member(REVIEWERS, "docteure")
    return log_in(new_context().new_page(), "docteure")


@pytest.fixture
def reader(new_context) -> Page:
    return new_context().new_page()


def the_section_readers_see(reader: Page):
    return reader.locator("article section.section").filter(has=reader.get_by_role("heading", name=SECTION))


def edit_and_submit(page: Page, article: Article, text: str) -> None:
    page.goto(change_url(article))
    opened_section(page, SECTION).get_by_label("Texte").fill(text)
    page.get_by_role("button", name="Soumettre à la relecture").click()
    expect(page.locator(".messagelist .success")).to_have_text("Article soumis à la relecture médicale.")
    expect(page.get_by_role("heading", name="État : En relecture")).to_be_visible()


def submitted_by_a_writer(article: Article, *texts: str) -> None:
    """Set up without the browser, for tests about what comes after: one save per text, then submit."""
    writer = member(WRITERS, "redactrice")
    edited = article.sections.get(heading=SECTION)
    for text in texts:
        edited.body = text
        edited.save()
        publishing.record_save(article, writer)
    publishing.submit(article, writer)


def approve(page: Page, scope: str, note: str = "", substantive: bool = False) -> None:
    page.get_by_role("combobox", name="Relecture").select_option(label=scope)
    page.get_by_label("Note de modification").fill(note)
    page.get_by_label("Modification importante").set_checked(substantive)
    page.get_by_role("button", name="Approuver et publier").click()


def test_a_change_goes_live_once_approved_and_a_restored_version_once_approved_again(
    writer: Page, reviewer: Page, reader: Page, article
):
    reader.goto(article.get_absolute_url())
    expect(the_section_readers_see(reader)).to_contain_text(OLD_TEXT)
    expect(reader.locator(".trust-line")).not_to_contain_text("Mis à jour le")

    edit_and_submit(writer, article, NEW_TEXT)
    reader.reload()
    expect(the_section_readers_see(reader)).to_contain_text(OLD_TEXT)

    reviewer.goto(change_url(article))
    reviewer.get_by_role("link", name="comparer avec la version en ligne").click()
    expect(reviewer.get_by_role("heading", name="Comparer les versions n° 1 et n° 2")).to_be_visible()
    changed = reviewer.locator(".diff-section--changed").filter(has=reviewer.get_by_role("heading", name=SECTION))
    expect(changed.locator("del")).to_have_text("[suppression : savoir]")
    expect(changed.locator("ins")).to_have_text("[ajout : retenir]")
    reviewer.go_back()
    approve(reviewer, "Relecture médicale complète", NOTE, substantive=True)
    expect(reviewer.locator(".messagelist")).to_contain_text("Version n° 2 approuvée")
    expect(reviewer.get_by_role("heading", name="État : Publié")).to_be_visible()

    reader.reload()
    expect(the_section_readers_see(reader)).to_contain_text(NEW_TEXT)
    expect(reader.locator(".trust-line")).to_contain_text("Mis à jour le")
    reader.get_by_text("Historique des mises à jour").click()
    expect(reader.locator("details#mises-a-jour li")).to_have_text([re.compile(f" : {NOTE}$")])

    writer.goto(change_url(article))
    writer.get_by_role("link", name="Historique").click()
    rows = writer.locator("table.revision-history tbody tr")
    expect(rows.locator("th")).to_have_text(["n° 2", "n° 1"])
    expect(rows.locator("td:nth-of-type(3)")).to_have_text(["Publiée", "Publiée"])
    expect(rows.first).to_contain_text(NOTE)
    writer.get_by_role("link", name="Restaurer cette version (n° 1)").click()
    writer.get_by_role("button", name="Restaurer cette version").click()
    expect(writer.locator(".messagelist .success")).to_contain_text("La version n° 1 est copiée")
    expect(opened_section(writer, SECTION).get_by_label("Texte")).to_have_value(OLD_TEXT)
    writer.get_by_role("button", name="Soumettre à la relecture").click()
    expect(writer.get_by_role("heading", name="État : En relecture")).to_be_visible()
    reader.reload()
    expect(the_section_readers_see(reader)).to_contain_text(NEW_TEXT)

    reviewer.goto(change_url(article))
    approve(reviewer, "Correction mineure (coquille, lien)")
    expect(reviewer.locator(".messagelist")).to_contain_text("Version n° 3 approuvée")

    reader.reload()
    expect(the_section_readers_see(reader)).to_contain_text(OLD_TEXT)
    # A minor correction adds no update for readers.
    expect(reader.locator("details#mises-a-jour li")).to_have_text([re.compile(f" : {NOTE}$")])


def test_a_reviewer_who_edited_cannot_approve_their_own_change(reviewer: Page, reader: Page, article):
    edit_and_submit(reviewer, article, NEW_TEXT)
    expect(reviewer.get_by_text("un autre relecteur médical doit l’approuver.")).to_be_visible()
    approve(reviewer, "Relecture médicale complète", NOTE, substantive=True)

    expect(reviewer.locator(".messagelist .error")).to_have_text(
        "Vous avez modifié cet article depuis sa dernière publication : "
        "un autre relecteur médical doit l’approuver (règle des quatre yeux)."
    )
    expect(reviewer.get_by_role("heading", name="État : En relecture")).to_be_visible()
    reader.goto(article.get_absolute_url())
    expect(the_section_readers_see(reader)).to_contain_text(OLD_TEXT)


def test_a_reviewer_asks_for_changes_and_the_writer_reads_why(writer: Page, reviewer: Page, article):
    edit_and_submit(writer, article, NEW_TEXT)
    reviewer.goto(change_url(article))
    reviewer.get_by_role("button", name="Demander des modifications").click()
    expect(reviewer.locator(".messagelist .error")).to_contain_text("commentaire obligatoire")
    reviewer.get_by_label("Commentaire").fill("Citez la source de cette reformulation.")
    reviewer.get_by_role("button", name="Demander des modifications").click()
    expect(reviewer.locator(".messagelist .warning")).to_have_text("Modifications demandées au rédacteur.")

    writer.reload()
    expect(writer.get_by_role("heading", name="État : Modifications demandées")).to_be_visible()
    writer.get_by_text("Journal (").click()
    sent_back = writer.locator(".workflow-journal tbody tr").filter(has_text="Modifications demandées")
    expect(sent_back).to_contain_text("Citez la source de cette reformulation.")
    expect(sent_back).to_contain_text("docteure")


def test_a_form_opened_before_the_writer_resubmitted_cannot_overwrite_their_text(
    writer: Page, reviewer: Page, reader: Page, article
):
    edit_and_submit(writer, article, NEW_TEXT)
    reviewer.goto(change_url(article))  # the reviewer's window shows the first submission
    writer.goto(change_url(article))
    opened_section(writer, SECTION).get_by_label("Texte").fill(LATER_TEXT)
    writer.get_by_role("button", name="Enregistrer", exact=True).click()
    writer.get_by_role("button", name="Soumettre à la relecture").click()
    expect(writer.get_by_role("heading", name="État : En relecture")).to_be_visible()

    approve(reviewer, "Relecture médicale complète")
    expect(reviewer.locator(".errorlist.nonfield")).to_contain_text("a changé depuis que vous avez ouvert cette page")
    writer.reload()
    expect(opened_section(writer, SECTION).get_by_label("Texte")).to_have_value(LATER_TEXT)
    expect(writer.get_by_role("heading", name="État : En relecture")).to_be_visible()

    reviewer.goto(change_url(article))
    approve(reviewer, "Relecture médicale complète")
    expect(reviewer.locator(".messagelist")).to_contain_text("Version n° 3 approuvée")
    reader.goto(article.get_absolute_url())
    expect(the_section_readers_see(reader)).to_contain_text(LATER_TEXT)


def test_axe_finds_no_violation_on_the_workflow_screens(reviewer: Page, article):
    submitted_by_a_writer(article, NEW_TEXT)
    reviewer.goto(change_url(article))
    expect(reviewer.get_by_role("button", name="Approuver et publier")).to_be_visible()
    reviewer.get_by_text("Journal (").click()
    assert_no_axe_violation_in_either_theme(reviewer)

    reviewer.get_by_role("link", name="Historique").click()
    expect(reviewer.get_by_role("heading", name="Historique : La vaccination")).to_be_visible()
    assert_no_axe_violation_in_either_theme(reviewer)

    reviewer.get_by_role("button", name="Comparer").click()
    expect(reviewer.get_by_role("heading", name="Comparer les versions n° 1 et n° 2")).to_be_visible()
    assert_no_axe_violation_in_either_theme(reviewer)

    reviewer.go_back()
    reviewer.get_by_role("link", name="Restaurer cette version (n° 1)").click()
    expect(reviewer.get_by_role("heading", name="Restaurer la version n° 1")).to_be_visible()
    assert_no_axe_violation_in_either_theme(reviewer)


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab from where the focus is until it reaches `target`, as a keyboard user gets there."""
    element = target.element_handle()  # found once: a role query on the whole change form at each stop is slow
    for _ in range(300):
        page.keyboard.press("Tab")
        if element.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_the_history_compare_form_and_the_workflow_buttons_work_from_the_keyboard(reviewer: Page, article):
    submitted_by_a_writer(article, "Un premier jet.", NEW_TEXT)

    reviewer.goto(f"/admin/articles/article/{article.pk}/history/")
    tab_to(reviewer, reviewer.get_by_label("Comparer à partir de la version n° 2"))
    reviewer.keyboard.press("ArrowDown")
    expect(reviewer.get_by_label("Comparer à partir de la version n° 1")).to_be_checked()
    tab_to(reviewer, reviewer.get_by_role("button", name="Comparer"))
    reviewer.keyboard.press("Enter")
    expect(reviewer.get_by_role("heading", name="Comparer les versions n° 1 et n° 3")).to_be_visible()

    reviewer.goto(change_url(article))
    tab_to(reviewer, reviewer.get_by_role("combobox", name="Relecture"))
    reviewer.keyboard.press("ArrowDown")
    expect(reviewer.get_by_role("combobox", name="Relecture")).to_have_value("complete")
    tab_to(reviewer, reviewer.get_by_label("Modification importante"))
    reviewer.keyboard.press("Space")
    expect(reviewer.get_by_label("Modification importante")).to_be_checked()
    tab_to(reviewer, reviewer.get_by_role("button", name="Approuver et publier"))
    reviewer.keyboard.press("Enter")
    expect(reviewer.locator(".messagelist")).to_contain_text("Version n° 3 approuvée")
