"""Section bodies: Markdown typed by editors, turned into HTML that cannot run script.

Two layers: markdown-it with raw HTML switched off turns `<script>` into visible text and
refuses `javascript:` links; nh3 (the Rust ammonia sanitiser) then keeps only the tags a
section needs, so a parser bug in the first layer still cannot let markup through.

Citations: `[^3]` cites the article's third source. It is read by the parser itself (an inline
rule), so a `[^3]` in a code span, escaped (`\\[^3]`) or inside a link's text is never one, and a
citation is never a link inside a link. A page's texts share one `Citations`, which numbers the
citations in page order: each gets an id of its own, for the list of sources to link back to.
A citation of a source the article does not have stays as typed, for the editor to see.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "heading", "lheading", "code", "fence", "hr", "table"], ignoreInvalid=True
)

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote", "code", "sup", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "id"}}
# What a citation needs and nothing more: markdown-it never writes these for what editors type.
ALLOWED_CLASSES = {"sup": {"citation"}, "span": {"visually-hidden"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

CITATION = re.compile(r"\[\^([1-9][0-9]{0,2})\]")
_CITATION_ID = re.compile(r"citation-[1-9][0-9]*")


def source_id(number: int) -> str:
    """The id of a source's entry in the page's list."""
    return f"source-{number}"


class Citations:
    """The citations of one page: how many sources it lists, and each citation met so far."""

    def __init__(self, sources: int) -> None:
        self.sources = sources
        self.found: list[tuple[int, str]] = []  # (source number, citation id), in page order

    def cite(self, number: int) -> str | None:
        """The id of this new citation of source `number`; None if the page has no such source."""
        if not 1 <= number <= self.sources:
            return None
        anchor = f"citation-{len(self.found) + 1}"
        self.found.append((number, anchor))
        return anchor

    def of(self, number: int) -> list[str]:
        """The ids of the citations of source `number`, in page order."""
        return [anchor for cited, anchor in self.found if cited == number]


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if state.linkLevel > 0 or not state.src.startswith("[^", state.pos):
        return False
    match = CITATION.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.content = match.group(0)
        token.meta = {"number": int(match.group(1))}
    state.pos = match.end()
    return True


def _render_citation(self, tokens, idx: int, options, env) -> str:
    token = tokens[idx]
    if env.get("without_citations"):
        return ""
    citations: Citations | None = env.get("citations")
    anchor = citations.cite(token.meta["number"]) if citations is not None else None
    if anchor is None:
        return escapeHtml(token.content)
    number = token.meta["number"]
    # The hidden word makes screen readers announce « Source 3 », not a bare « 3 ».
    return (
        f'<sup class="citation"><a href="#{source_id(number)}" id="{anchor}">'
        f'<span class="visually-hidden">Source </span>{number}</a></sup>'
    )


# Before "link": `[^3]` is a citation even where a reference definition `[^3]: …` exists.
_markdown.inline.ruler.before("link", "citation", _citation_rule)
_markdown.add_render_rule("citation", _render_citation)


def _only_citation_ids(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if tag == "a" and _CITATION_ID.fullmatch(value) else None
    return value


def render_markdown(text: str, citations: Citations | None = None, without_citations: bool = False) -> str:
    """`citations`: the page's (see `Citations`); without it no `[^3]` is a link. With
    `without_citations` they are left out (for a plain-text summary)."""
    html = _markdown.render(text, {"citations": citations, "without_citations": without_citations})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_only_citation_ids,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


# Bump when render_markdown's output changes: `manage.py rerender_revisions` then remakes the HTML
# of every revision from its Markdown (no new medical approval: the text itself is unchanged).
# 3: citations `[^3]` and the list of sources (`rendered["sources"]`).
RENDERER_VERSION = 3
