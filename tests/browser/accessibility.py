"""axe-core, run the same way by every browser test that checks a page."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_axe = Axe()

# Markup neither ours nor reachable from our templates, excepted one rule inside one container:
# Django admin's autocomplete widget (its bundled select2) names the combobox it draws after the
# text of the current choice, which is empty until something is chosen (select2/select2#6339).
# Every other rule still runs on that widget, and every page still runs this rule elsewhere.
NOT_OURS = {"aria-input-field-name": ".select2-container"}


def assert_no_axe_violation(page: Page) -> None:
    results = _axe.run(page)
    kept = []
    for violation in results.response["violations"]:
        container = NOT_OURS.get(violation["id"])
        if container:
            violation["nodes"] = [node for node in violation["nodes"] if not _inside(page, node, container)]
        if violation["nodes"]:
            kept.append(violation)
    results.response["violations"] = kept
    assert results.violations_count == 0, results.generate_report()


def _inside(page: Page, node: dict, container: str) -> bool:
    (selector,) = node["target"]  # one selector: the pages checked have no frames
    return page.locator(selector).evaluate("(el, container) => el.closest(container) !== null", container)


def assert_no_axe_violation_in_either_theme(page: Page) -> None:
    """The admin follows the system's light or dark theme; our panels set colours of their own."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        # The admin's links fade to their new colour in 0.15 s: axe would measure a colour in between.
        page.evaluate("() => Promise.all(document.getAnimations().map(animation => animation.finished))")
        assert_no_axe_violation(page)
