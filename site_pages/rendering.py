"""A site page's body: Markdown as articles take it, plus `## ` and `### ` intertitles.

Articles get their headings from their sections; a site page is one text, so its intertitles are
typed in it. Each heading becomes an `<h2>` or `<h3>` with a stable anchor, and the text between
them goes through the articles' renderer (no raw HTML, sanitised).
"""

import re

from articles.rendering import render_markdown
from articles.toc import unique_anchors
from articles.typography import keep_marks_with_words

# As in CommonMark, closing hashes count only after a space: "## Le C#" keeps its "#".
HEADING = re.compile(r"^(#{2,3})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
# Ids the layout around the body uses (the main content, the search field in the header).
RESERVED_ANCHORS = ("contenu", "recherche")


def render_page(text: str) -> str:
    parts = HEADING.split(text.replace("\r\n", "\n"))
    # split() gives: text before the first heading, then (hashes, heading, text after it) per heading.
    anchors = unique_anchors(parts[2::3], RESERVED_ANCHORS)
    html = [render_markdown(parts[0])]
    for hashes, heading, anchor, body in zip(parts[1::3], parts[2::3], anchors, parts[3::3], strict=True):
        level = len(hashes)
        html.append(f'<h{level} id="{anchor}">{keep_marks_with_words(heading)}</h{level}>')
        html.append(render_markdown(body))
    return "\n".join(chunk for chunk in html if chunk)
