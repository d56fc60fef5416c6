"""What an editor is told when saving an article snapshot: warnings that never block the save,
with how readable the text is and how long it takes to read.

`check` reads the snapshot's content, a dict of this shape (no database):
    {"title", "slug", "introduction", "conclusion",
     "sections": [{"key", "heading", "level": 2 or 3, "body", "read_also"}],
     "sources": [{"title", …}] (optional: none before sources existed)}
The introduction, the conclusion and the section bodies are Markdown: they are parsed by the very
parser that renders them for readers, so a link is what readers get as a link (not `\\[ici](…)`
nor a link inside a code span), and the words counted are the ones they read. Headings count
neither in the readability score nor in the reading time, and citations (`[^3]`, see
articles.rendering) are not words.
"""

import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import models

from articles import readability
from articles.readability import Measure
from articles.rendering import _markdown as markdown_parser

WORDS_PER_MINUTE = 200  # health content: read closely, slower than the usual 230–250
LONG_SENTENCE_WORDS = 30
# Halfway down Flesch's « Difficile » band (30–50): the report shows the band's name anyway, the
# warning is kept for the texts at its hard end.
HARD_TO_READ_BELOW = 40
QUOTED_WORDS = 8

# Link texts that say nothing of where the link goes, compared after `_link_phrase`.
VAGUE_LINK_TEXTS = frozenset(
    {"cliquez ici", "ici", "en savoir plus", "lire la suite", "ce lien", "plus d'infos"},
)
_LINK_TEXT_EDGES = " \t\n\u00a0\u202f.,;:!?…«»\"“”'()[]-–—"


class WarningCode(models.TextChoices):
    H3_BEFORE_H2 = "h3_before_h2", "Sous-titre avant le premier titre"
    EMPTY_SECTION = "empty_section", "Section vide"
    DUPLICATE_HEADING = "duplicate_heading", "Titre en double"
    VAGUE_LINK = "vague_link", "Lien peu explicite"
    INSECURE_LINK = "insecure_link", "Lien en http"
    LONG_SENTENCE = "long_sentence", "Phrase très longue"
    HARD_TO_READ = "hard_to_read", "Texte difficile à lire"
    UNKNOWN_SOURCE = "unknown_source", "Source citée inexistante"
    UNCITED_SOURCE = "uncited_source", "Source jamais citée"


@dataclass(frozen=True, slots=True)
class ContentWarning:
    code: WarningCode
    message: str
    section_key: str | None = None


@dataclass(slots=True)
class Report:
    warnings: list[ContentWarning] = field(default_factory=list)
    readability: float | None = None
    readability_label: str = ""
    reading_minutes: int = 1
    words: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True, slots=True)
class PlainText:
    """A Markdown field as readers get it: the text of each paragraph or list item, the links, and
    the numbers of the sources it cites, in order."""

    blocks: list[str]
    links: list[Link]
    citations: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a text sits, as the messages name it."""

    where: str
    section_key: str | None = None


def check(content: dict) -> Report:
    """The warnings in the order of the page (the list of sources comes last), then the
    readability warning for the whole text."""
    sections = content["sections"]
    sources = content.get("sources", [])
    cited: set[int] = set()
    heading_keys = [_heading_key(section["heading"]) for section in sections]
    texts = [
        (Place("Dans l’introduction"), content["introduction"], ()),
        *(
            (_section_place(section), section["body"], _outline_warnings(sections, index, heading_keys))
            for index, section in enumerate(sections)
        ),
        (Place("Dans la conclusion"), content["conclusion"], ()),
    ]
    warnings: list[ContentWarning] = []
    total = Measure()
    for place, markdown, outline_warnings in texts:
        warnings += outline_warnings
        text = plain_text(markdown)
        warnings += _link_warnings(text.links, place)
        warnings += _citation_warnings(text.citations, len(sources), place)
        cited.update(text.citations)
        for block in text.blocks:
            sentences = readability.sentences(block)
            warnings += _long_sentence_warnings(sentences, place)
            total += readability.measure(sentences)
    warnings += _uncited_warnings(sources, cited)
    # The formula runs past both ends on short texts; editors are shown a score out of 100.
    score = None if total.score is None else round(min(100.0, max(0.0, total.score)), 1)
    if score is not None and score < HARD_TO_READ_BELOW:
        warnings.append(_hard_to_read(score))
    return Report(
        warnings=warnings,
        readability=score,
        readability_label=readability.label(score),
        reading_minutes=max(1, math.ceil(total.words / WORDS_PER_MINUTE)),
        words=total.words,
    )


def plain_text(markdown: str) -> PlainText:
    blocks: list[str] = []
    links: list[Link] = []
    citations: list[int] = []
    for token in markdown_parser.parse(markdown):
        if token.type != "inline":
            continue
        parts: list[str] = []
        link_start, href = 0, ""
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "link_open":
                link_start, href = len(parts), str(child.attrs.get("href", ""))
            elif child.type == "link_close":
                links.append(Link("".join(parts[link_start:]), href))
            elif child.type == "citation":
                citations.append(child.meta["number"])
        blocks.append("".join(parts))
    return PlainText(blocks, links, citations)


def _section_place(section: dict) -> Place:
    return Place(f"Dans la section {_quote(section['heading'])}", section["key"])


def _quote(text: str, missing: str = "sans titre") -> str:
    return f"« {' '.join(text.split()) or missing} »"


def _outline_warnings(sections: list[dict], index: int, heading_keys: list[str]) -> Iterator[ContentWarning]:
    """What is wrong with the place of the section at `index` in the outline."""
    heading, key, level = sections[index]["heading"], sections[index]["key"], sections[index]["level"]
    if level == 3 and not any(earlier["level"] == 2 for earlier in sections[:index]):
        yield ContentWarning(
            WarningCode.H3_BEFORE_H2,
            f"Le sous-titre (H3) {_quote(heading)} arrive avant le premier titre de section (H2) : "
            "ajoutez un titre H2 au-dessus ou passez ce sous-titre en H2.",
            key,
        )
    if not sections[index]["body"].strip() and not _has_subsections(sections, index):
        yield ContentWarning(WarningCode.EMPTY_SECTION, _empty_message(heading, level), key)
    if heading_keys[index] in heading_keys[:index]:
        earlier = sections[heading_keys.index(heading_keys[index])]["heading"]
        yield ContentWarning(
            WarningCode.DUPLICATE_HEADING,
            f"Le titre {_quote(heading)} reprend celui d’une section plus haut ({_quote(earlier)}) : "
            "donnez-leur des titres distincts, le sommaire les affiche l’un sous l’autre.",
            key,
        )


def _has_subsections(sections: list[dict], index: int) -> bool:
    """An H2 with no text of its own is a chapter title when H3 subsections follow it."""
    following = sections[index + 1 : index + 2]
    return sections[index]["level"] == 2 and bool(following) and following[0]["level"] == 3


def _empty_message(heading: str, level: int) -> str:
    if level == 3:
        return f"La sous-section {_quote(heading)} n’a pas de texte : écrivez-le ou supprimez ce sous-titre."
    return (
        f"La section {_quote(heading)} n’a ni texte ni sous-titre (H3) après elle : "
        "écrivez son texte ou supprimez ce titre."
    )


def _heading_key(heading: str) -> str:
    """`L’Avenir  de l'immunothérapie` and `l'avenir de l'Immunotherapie` are the same heading."""
    decomposed = unicodedata.normalize("NFKD", heading.replace("’", "'").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char) and not char.isspace())


def _link_phrase(text: str) -> str:
    """`  Cliquez ICI ! ` -> `cliquez ici`; `Plus d’infos…` -> `plus d'infos`."""
    return " ".join(text.replace("’", "'").casefold().split()).strip(_LINK_TEXT_EDGES)


def _link_warnings(links: list[Link], place: Place) -> Iterator[ContentWarning]:
    for link in links:
        if _link_phrase(link.text) in VAGUE_LINK_TEXTS:
            yield ContentWarning(
                WarningCode.VAGUE_LINK,
                f"{place.where}, le lien {_quote(link.text)} ne dit pas où il mène : écrivez à la place "
                "le sujet de la page liée (par exemple « le calendrier des vaccinations »).",
                place.section_key,
            )
        if link.href.lower().startswith("http://"):
            yield ContentWarning(
                WarningCode.INSECURE_LINK,
                f"{place.where}, le lien {_quote(link.text, 'sans texte')} mène à une adresse non chiffrée ({link.href}) : "
                "remplacez http:// par https:// si le site le permet.",
                place.section_key,
            )


def _citation_warnings(citations: list[int], sources: int, place: Place) -> Iterator[ContentWarning]:
    """One warning per missing source a text cites, however many times it cites it."""
    where = place.where[0].lower() + place.where[1:]
    for number in dict.fromkeys(citations):
        if number > sources:
            yield ContentWarning(
                WarningCode.UNKNOWN_SOURCE,
                f"La source n° {number} citée {where} n’existe pas : ajoutez-la à la liste des sources "
                "ou corrigez le numéro.",
                place.section_key,
            )


def _uncited_warnings(sources: list[dict], cited: set[int]) -> Iterator[ContentWarning]:
    """A source nothing cites: most often a citation forgotten, or numbers shifted by a move in the list."""
    for number, source in enumerate(sources, start=1):
        if number not in cited:
            yield ContentWarning(
                WarningCode.UNCITED_SOURCE,
                f"La source n° {number} {_quote(source['title'])} n’est citée nulle part dans le texte : "
                f"citez-la par [^{number}] après l’affirmation qu’elle appuie, ou retirez-la de la liste.",
            )


def _long_sentence_warnings(sentences: list[list[str]], place: Place) -> Iterator[ContentWarning]:
    for words in sentences:
        if len(words) > LONG_SENTENCE_WORDS:
            yield ContentWarning(
                WarningCode.LONG_SENTENCE,
                f"{place.where}, la phrase « {' '.join(words[:QUOTED_WORDS])}… » compte {len(words)} mots : "
                f"coupez-la en phrases plus courtes ({LONG_SENTENCE_WORDS} mots au plus).",
                place.section_key,
            )


def _hard_to_read(score: float) -> ContentWarning:
    return ContentWarning(
        WarningCode.HARD_TO_READ,
        f"Le texte est difficile à lire (lisibilité {score:.0f} sur 100, {_quote(readability.label(score))}) : "
        "raccourcissez les phrases et préférez des mots courts et courants.",
    )
