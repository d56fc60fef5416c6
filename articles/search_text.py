"""French words for the search: what a reader typed, what an article says, and the extract shown.

Both databases match the same way: accents and case removed, then the French Snowball stemmer
("vaccins" and "vaccin" both give "vaccin"), then prefix matching ("cancer" gives "canc", a prefix
of "cancers"' stem "cancer"). PostgreSQL does the first two in its `fr_unaccent` text search
configuration (articles/migrations/0022); on SQLite, this module does them in Python with the same
Snowball stemmer, and FTS5 indexes the stems. The extracts are cut here on both, by the same rule.

The query is never handed to the database as search syntax: only the words in it (letters and
digits), each as a quoted or plain term built here.
"""

import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Letters and digits; an apostrophe, a hyphen, an underscore or any punctuation separates words.
WORD = re.compile(r"[^\W_]+")
# What a reader may type: more is cut (the field says so with `maxlength`).
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
# PostgreSQL's French stop words (tsearch_data/french.stop, from Snowball), accents removed: never
# a search term on either database, so a query made only of them finds nothing on both.
STOP_WORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me meme mes moi mon
    ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
    votre vous c d j l a m n s t y ete etee etees etes etant etante etants etantes suis es est sommes
    etes sont serai seras sera serons serez seront serais serait serions seriez seraient etais etait
    etions etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse fusses fut
    fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai
    auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions aviez
    avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eut eussions eussiez
    eussent""".split()  # noqa: SIM905 - laid out as the file lists them
)
EXTRACT_WORDS = 30
_TOKEN = re.compile(r"\S+")

_stemmer = snowballstemmer.stemmer("french")


def _one_char(char: str) -> str:
    """`É` -> `e`, `ç` -> `c`; a character whose plain form is not one character stays as it is."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    return plain if len(plain) == 1 else char


# Each plain letter and the Latin letters that read as it, accents and case aside ("e": "EÈÉÊËeèéêë…"):
# an extract's pattern matches the text as written, so no flattened copy of a long text is made
# and the offsets of its matches are those of the text.
_VARIANTS: dict[str, str] = {}
for _code in range(0x41, 0x250):
    if chr(_code).isalpha() and len(_plain := _one_char(chr(_code))) == 1:
        _VARIANTS[_plain] = _VARIANTS.get(_plain, "") + chr(_code)


def accent_blind(stem: str) -> str:
    """A regular expression matching `stem` whatever the accents and case of its letters."""
    return "".join(f"[{_VARIANTS[c]}]" if c in _VARIANTS else re.escape(c) for c in stem)


def unaccent(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of a word already without accents and in lower case."""
    return _stemmer.stemWord(word)


def query_words(query: str) -> list[str]:
    """The words of a query, lower case, stop words out, each once, at most MAX_TERMS."""
    found = []
    for word in WORD.findall(query[:MAX_QUERY_CHARS].lower()):
        word = word[:MAX_TERM_CHARS]
        if unaccent(word) not in STOP_WORDS and word not in found:
            found.append(word)
    return found[:MAX_TERMS]


def stems(words: list[str]) -> list[str]:
    return [stem(unaccent(word)) for word in words]


def indexed_words(text: str) -> str:
    """A text as the SQLite index holds it: its words' stems, stop words out."""
    words = (unaccent(word) for word in WORD.findall(text))
    return " ".join(stem(word) for word in words if word not in STOP_WORDS)


class _Text(HTMLParser):
    """The words readers read in a fragment of the page's HTML, without the citations' numbers."""

    BLOCKS = frozenset({"p", "li", "ul", "ol", "blockquote", "br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_citation = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.in_citation or (tag == "sup" and ("class", "citation") in attrs):
            self.in_citation += tag != "br"
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.in_citation:
            self.in_citation -= 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.in_citation:
            self.parts.append(data)


def text_of(fragment: str) -> str:
    """Plain text of the sanitised HTML of a revision (`Revision.rendered`), one space between words."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def extract(text: str, query_stems: list[str], words: int = EXTRACT_WORDS) -> SafeString:
    """About `words` words of `text` around its first match, each match in `<mark>`, all escaped.

    A word matches when it starts with a query stem, accents and case aside: the prefix rule of
    the index (a stem is nearly always the start of its word). Only a stretch of the text around
    the match is read, however long the article."""
    stems_found = [s for s in query_stems if s]
    pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(accent_blind(s) for s in stems_found) + r")\w*") if stems_found else None
    )
    first = pattern.search(text) if pattern else None
    at = first.start() if first else 0
    low, high = max(0, at - 20 * words), min(len(text), at + 40 * words)
    tokens = list(_TOKEN.finditer(text, low, high))
    if tokens and low > 0 and not text[low - 1].isspace():
        tokens.pop(0)  # cut in the middle
    if tokens and high < len(text) and not text[high].isspace():
        tokens.pop()
    if not tokens:
        return mark_safe("")
    here = next((i for i, token in enumerate(tokens) if token.end() > at), 0)
    window = tokens[max(0, here - words // 3) :][:words]
    begin, end = window[0].start(), window[-1].end()
    pieces, position = [], begin
    for match in pattern.finditer(text, begin, end) if pattern else ():
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(escape(text[position:end]))
    before = "… " if text[:begin].strip() else ""
    after = " …" if text[end:].strip() else ""
    return mark_safe(before + "".join(pieces) + after)  # noqa: S308 - every piece of text is escaped
