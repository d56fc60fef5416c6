"""The editor's screen: an outline of the article, sections folded to one line, text boxes that
grow and count their words, a question before leaving unsaved changes, and no save over a
colleague's (static/js/article_editor.js, articles/edit_conflicts.py)."""

import pytest
from playwright.sync_api import Page, expect

from articles import publishing
from articles.models import Article
from articles.readability import words
from tests.browser.accessibility import assert_no_axe_violation_in_either_theme
from tests.browser.editor import WRITERS, change_url, log_in, member, opened_section, section
from tests.factories import H2S, H3S, OUTLINE, SourceFactory
from tests.seed import seed_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The seed article's form, every section folded, fits in this height at 1280 px wide.
FOLDED_FORM_MOST_PX = 1800


@pytest.fixture
def writer(new_context) -> Page:
    user = member(WRITERS, "redactrice")
    user.first_name, user.last_name = "Inès", "Redac"
    user.save()
    return log_in(new_context().new_page(), "redactrice")


def outline(page: Page):
    return page.get_by_role("navigation", name="Plan de l’article")


def toggle(page: Page, heading: str):
    return section(page, heading).locator(".fold-toggle")


def test_the_outline_lists_the_sections_and_jumps_to_one(writer: Page, article: Article):
    writer.goto(change_url(article))

    plan = outline(writer)
    entries = plan.locator(":scope > ol > li > a")
    expect(entries).to_have_text(["Introduction", *H2S, "Conclusion"])
    first_h2 = plan.locator(":scope > ol > li").nth(1)
    expect(first_h2.locator("ol > li > a")).to_have_text(dict(OUTLINE)[H2S[0]])

    plan.get_by_role("link", name=H3S[1]).click()
    expect(toggle(writer, H3S[1])).to_have_attribute("aria-expanded", "true")
    expect(section(writer, H3S[1]).get_by_label("Titre")).to_be_focused()


def test_the_outline_follows_a_heading_edit_a_move_and_an_added_section(writer: Page, article: Article):
    writer.goto(change_url(article))
    plan = outline(writer)

    opened_section(writer, H2S[0]).get_by_label("Titre").fill("La vaccination en bref")
    expect(plan.get_by_role("link", name="La vaccination en bref")).to_be_visible()

    section(writer, H2S[0]).get_by_role("button", name="Placer en dernier").press("Enter")
    expect(plan.locator(":scope > ol > li > a").nth(-2)).to_have_text("La vaccination en bref")

    writer.get_by_role("button", name="Ajouter un objet Section supplémentaire").click()
    added = writer.locator("#sections-group .section-form:not(.has_original):not(.empty-form)")
    expect(added.locator(".fold-toggle")).to_have_attribute("aria-expanded", "true")
    added.get_by_label("Titre").fill("Questions fréquentes")
    expect(plan.get_by_role("link", name="Questions fréquentes")).to_be_visible()


def test_sections_fold_and_unfold_with_the_keyboard(writer: Page, article: Article):
    teasing = dict(OUTLINE)[H2S[0]][-1]  # the factory's last H3 under an H2 has a teaser
    writer.goto(change_url(article))
    button = toggle(writer, teasing)
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(section(writer, teasing).get_by_label("Texte")).to_be_hidden()
    expect(button).to_contain_text(f"H3{teasing}Ce qu’il faut savoir sur « {teasing} »")
    expect(button).to_contain_text("À lire aussi : ")

    button.focus()
    writer.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(section(writer, teasing).get_by_label("Texte")).to_be_visible()
    writer.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "false")

    outline(writer).get_by_role("button", name="Tout déplier").click()
    expect(writer.locator(".fold-toggle[aria-expanded=false]")).to_have_count(0)
    outline(writer).get_by_role("button", name="Tout replier").click()
    expect(writer.locator(".fold-toggle[aria-expanded=true]")).to_have_count(0)


def test_a_section_with_an_error_or_a_warning_opens_by_itself(writer: Page, article: Article):
    warned = article.sections.get(heading=H3S[2])
    warned.body = "Pour tout savoir, [cliquez ici](https://vaccination-info-service.fr)."
    warned.save()
    publishing.record_save(article, None)
    writer.goto(change_url(article))
    expect(toggle(writer, H3S[2])).to_have_attribute("aria-expanded", "true")
    expect(toggle(writer, H3S[2])).to_contain_text("1 avertissement")
    expect(toggle(writer, H3S[3])).to_have_attribute("aria-expanded", "false")

    opened_section(writer, H3S[3]).get_by_label("Titre").fill("")
    toggle(writer, H3S[3]).click()
    writer.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(writer.locator(".errornote")).to_be_visible()
    errored = writer.locator(".section-form").filter(has=writer.locator(".errorlist"))
    expect(errored.locator(".fold-toggle")).to_have_attribute("aria-expanded", "true")
    expect(errored.get_by_label("Titre")).to_have_value("")
    expect(toggle(writer, H3S[4])).to_have_attribute("aria-expanded", "false")


def test_text_boxes_grow_with_their_text_and_count_its_words(writer: Page, article: Article):
    writer.goto(change_url(article))
    body = opened_section(writer, H3S[0]).get_by_label("Texte")
    count = section(writer, H3S[0]).locator(".word-count")
    # Counted as the server's content checks count (articles/readability.py).
    expect(count).to_have_text(f"{len(words(article.sections.get(heading=H3S[0]).body))} mots")
    before = body.bounding_box()["height"]

    body.fill("Un mot.\n\n" * 30)

    expect(count).to_have_text("60 mots")
    assert body.bounding_box()["height"] > before * 3
    assert body.evaluate("box => box.scrollHeight <= box.clientHeight + 1")  # no inner scroll bar
    assert count.get_attribute("id") in body.get_attribute("aria-describedby")
    expect(outline(writer).locator(".outline-words")).to_contain_text("mots")


def test_leaving_with_unsaved_changes_asks_first_and_only_then(writer: Page, article: Article):
    writer.goto(change_url(article))
    asked = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    writer.on("dialog", answer)

    # Moving sections and putting them back in their order is no change: no question.
    for heading in (H3S[1], H3S[0], H2S[0]):
        section(writer, heading).get_by_role("button", name="Placer en premier").click()
    expect(outline(writer).locator("a").nth(1)).to_have_text(H2S[0])
    writer.get_by_role("link", name="Historique").click()
    writer.wait_for_url("**/history/")  # a question would have been dismissed, and the page kept
    assert asked == []

    writer.go_back()
    opened_section(writer, H3S[0]).get_by_label("Texte").fill("Un texte que je n’ai pas enregistré.")
    with writer.expect_event("dialog"):
        writer.get_by_role("link", name="Historique").click()
    assert asked == ["beforeunload"]
    expect(opened_section(writer, H3S[0]).get_by_label("Texte")).to_have_value("Un texte que je n’ai pas enregistré.")

    writer.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(writer.locator(".messagelist .success")).to_be_visible()
    assert asked == ["beforeunload"]


def test_the_second_of_two_editors_is_refused_shown_the_diff_and_keeps_their_text(
    writer: Page, new_context, screenshots, article: Article
):
    colleague_user = member(WRITERS, "claire")
    colleague_user.first_name, colleague_user.last_name = "Claire", "Martin"
    colleague_user.save()
    colleague = log_in(new_context().new_page(), "claire")
    writer.goto(change_url(article))
    colleague.goto(change_url(article))

    opened_section(colleague, H3S[0]).get_by_label("Texte").fill("Le texte de Claire.")
    colleague.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(colleague.locator(".messagelist .success")).to_be_visible()

    opened_section(writer, H3S[1]).get_by_label("Texte").fill("Le texte d’Inès.")
    writer.get_by_role("button", name="Soumettre à la relecture").click()

    conflict = writer.locator("#conflit")
    expect(conflict).to_contain_text("Claire Martin a enregistré cet article le")
    expect(conflict.locator(".diff-section h3")).to_have_text([H3S[0]])
    expect(conflict.locator("ins").first).to_contain_text("Claire")
    expect(opened_section(writer, H3S[1]).get_by_label("Texte")).to_have_value("Le texte d’Inès.")
    article.refresh_from_db()
    assert article.state != Article.State.IN_REVIEW
    assert article.sections.get(heading=H3S[0]).body == "Le texte de Claire."
    assert article.sections.get(heading=H3S[1]).body != "Le texte d’Inès."
    writer.screenshot(path=screenshots / "editor-conflict-1280px.png", full_page=True)
    assert_no_axe_violation_in_either_theme(writer)


def test_axe_finds_nothing_on_the_change_form_folded_or_open(writer: Page, article: Article):
    writer.goto(change_url(article))
    assert_no_axe_violation_in_either_theme(writer)
    outline(writer).get_by_role("button", name="Tout déplier").click()
    assert_no_axe_violation_in_either_theme(writer)


def test_without_javascript_every_section_is_open_and_the_form_saves(new_context, article: Article):
    member(WRITERS, "redactrice")
    page = log_in(new_context(java_script_enabled=False).new_page(), "redactrice")
    page.goto(change_url(article))

    expect(page.locator("#sections-group input[name$='-heading']:visible")).to_have_count(article.sections.count())
    expect(outline(page)).to_have_count(0)
    section(page, H3S[0]).get_by_label("Texte").fill("Écrit sans JavaScript.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert article.sections.get(heading=H3S[0]).body == "Écrit sans JavaScript."


def test_the_seed_article_folded_fits_in_1800_pixels_at_1280_wide(new_context, screenshots):
    article = seed_article()
    member(WRITERS, "redactrice")
    page = log_in(new_context(viewport={"width": 1280, "height": 800}).new_page(), "redactrice")
    page.goto(change_url(article))
    expect(page.locator(".fold-toggle[aria-expanded=true]")).to_have_count(0)

    form_height = page.locator("#article_form").evaluate("form => form.getBoundingClientRect().height")
    page_height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=screenshots / "editor-folded-1280px.png", full_page=True)
    print(f"Formulaire replié : {form_height:.0f} px ; page entière : {page_height} px")

    assert form_height <= FOLDED_FORM_MOST_PX


def test_the_sources_move_buttons_are_french_24_pixels_and_work_with_the_keyboard(writer: Page, article: Article):
    first, second = (SourceFactory(article=article, title=title) for title in ("Rapport A", "Rapport B"))
    writer.goto(change_url(article))
    table = writer.locator("#sources-group")
    to_top = table.get_by_role("button", name="Placer en premier")
    expect(to_top).to_have_count(2)
    expect(table.get_by_role("button", name="Placer en dernier")).to_have_count(2)
    for button in (*to_top.all(), *table.get_by_role("button", name="Placer en dernier").all()):
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.5.8, target size
    to_top.nth(1).focus()
    writer.keyboard.press("Enter")
    expect(table.locator("tr.has_original td.original p").first).to_contain_text("Rapport B")
    expect(writer.get_by_role("status")).to_have_text("Ligne « Rapport B » placée en premier.")
    writer.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(writer.locator(".messagelist .success")).to_be_visible()
    assert list(article.sources.order_by("position").values_list("title", flat=True)) == ["Rapport B", "Rapport A"]
    assert {first.pk, second.pk} == set(article.sources.values_list("pk", flat=True))
