"""Section bodies: Markdown typed by editors, turned into HTML that cannot run script.

Two layers: markdown-it with raw HTML switched off turns `<script>` into visible text and
refuses `javascript:` links; nh3 (the Rust ammonia sanitiser) then keeps only the tags a
section needs, so a parser bug in the first layer still cannot let markup through.
"""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "heading", "lheading", "code", "fence", "hr", "table"], ignoreInvalid=True
)

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> str:
    html = _markdown.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


# Bump when render_markdown's output changes: `manage.py rerender_revisions` then remakes the HTML
# of every revision from its Markdown (no new medical approval: the text itself is unchanged).
RENDERER_VERSION = 2
