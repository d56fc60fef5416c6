"""A reader using only the keyboard reaches everything, in reading order, and always sees where they are."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import H2S

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Describe an element by what a reader perceives; radios by their label, whose ring shows
# for the visually hidden radio.
DESCRIBE = """el => {
  const ring = el.matches("input[type=radio]") ? document.querySelector(`label[for="${el.id}"]`) : el;
  const style = getComputedStyle(ring);
  return {
    name: (el.labels && el.labels.length ? el.labels[0].innerText : el.innerText).replace(/\\s+/g, " ").trim(),
    tag: el.tagName.toLowerCase() + (el.type && el.tagName === "INPUT" ? ":" + el.type : ""),
    ring: [style.outlineStyle, style.outlineWidth, style.boxShadow].join(" "),
  };
}"""

# Every link and form control a reader can reach, in document order; one stop per radio group.
REACHABLE = """() => {
  const seen = new Set();
  return [...document.querySelectorAll("a[href], button, input:not([type=hidden]), textarea, select")]
    .filter(el => el.tabIndex >= 0 && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .filter(el => !(el.type === "radio" && seen.has(el.name)) && (el.type !== "radio" || seen.add(el.name)))
    .map(el => (el.labels && el.labels.length ? el.labels[0].innerText : el.innerText).replace(/\\s+/g, " ").trim());
}"""


def tab_through(page: Page) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the page; what each stop looked like."""
    stops = []
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            return stops
        stops.append(page.evaluate(f"({DESCRIBE})(document.activeElement)"))
    raise AssertionError(f"Tab never left the page: {stops[-5:]}")


def test_tab_goes_from_the_skip_link_through_the_sommaire_to_every_link_and_control_in_order(page: Page, article):
    page.goto(article.get_absolute_url())
    stops = tab_through(page)
    names = [stop["name"] for stop in stops]

    # The search form, then the breadcrumb (Accueil › the article: it has no thématique), before the content.
    assert names[:6] == [
        "Aller au contenu",
        "Infos santé : accueil",
        "Rechercher un article",
        "Rechercher",
        "Accueil",
        article.title,
    ]
    assert names[6 : 6 + len(H2S)] == H2S
    footer = page.locator("footer a").all_inner_texts()
    assert footer[:3] == ["15", "112", "Tous les articles"]
    assert footer[-1] == page.locator("footer a[href='/accessibilite/']").inner_text()
    assert names[-(5 + len(footer)) :] == [
        "15",  # the numbers to call, at the end of the article
        "112",
        "★ 1 étoile sur 5",
        "Votre commentaire (facultatif)",
        "Envoyer mon avis",
        *footer,
    ]
    assert names == page.evaluate(REACHABLE)


def test_every_stop_shows_a_focus_ring_that_it_does_not_have_unfocused(page: Page, article):
    page.goto(article.get_absolute_url())
    stops = tab_through(page)
    page.evaluate("document.activeElement.blur()")
    unfocused = page.evaluate(
        f"""() => [...document.querySelectorAll("a[href], button, input, textarea")]
              .map(el => ({DESCRIBE})(el)).reduce((all, d) => ({{...all, [d.name]: d.ring}}), {{}})"""
    )

    for stop in stops:
        assert "solid 3px" in stop["ring"], stop
        assert stop["ring"] != unfocused[stop["name"]], stop


def test_the_skip_link_shows_on_focus_and_takes_the_reader_to_the_content(page: Page, article):
    page.goto(article.get_absolute_url())
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")

    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("navigation", name="Sommaire").get_by_role("link").first).to_be_focused()
