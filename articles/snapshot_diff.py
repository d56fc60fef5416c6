"""What changed between two snapshots of an article, field by field and section by section.

A section is followed by its `key`, never by its place or its heading: renaming a section is a
change to that section, and a new section that reuses an old heading is still new. A section is
"moved" when it is not part of the longest run of common sections that kept their relative
order, so moving one section past three others reports one move, not three.

Sources are followed by their `key` in the same way; a source's place in the list is its number,
the one citations `[^3]` use, so a moved source is reported with its old and new numbers. Authors
and thématiques are compared as the list of their names.

Texts are compared word by word (`word_diff`) and returned as escaped HTML with `<ins>`/`<del>`.
"""

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum
from typing import TypedDict

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONTEXT_WORDS = 12

# A word keeps its inner apostrophes and hyphens (« l'immunothérapie », « anti-PD-1 ») so that
# changing one letter marks the whole word; any other visible character is a sign of its own.
# Word or sign, then the spacing after it: put back together, the units are the text exactly.
_UNIT = re.compile(r"(\w+(?:['’-]\w+)*|[^\w\s])(\s*)")


class SectionSnapshot(TypedDict):
    key: str
    heading: str
    level: int
    body: str
    read_also: int | None


class SourceSnapshot(TypedDict):
    key: str
    title: str
    organisation: str
    url: str
    published_on: str | None  # ISO date
    consulted_on: str | None


class Snapshot(TypedDict, total=False):
    title: str
    slug: str
    introduction: str
    conclusion: str
    meta_description: str  # absent (none) in snapshots saved before it existed
    sections: list[SectionSnapshot]
    authors: list[int]  # person ids; absent (none) in snapshots saved before authors existed
    topics: list[int]  # topic ids, in the editors' order
    sources: list[SourceSnapshot]  # absent (none) in snapshots saved before sources existed


class Kind(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    MOVED = "moved"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    diff: SafeString


@dataclass(frozen=True)
class TeaserChange:
    """Titles of the teased articles; None where the section teased nothing."""

    old: str | None
    new: str | None


@dataclass(frozen=True)
class SectionChange:
    """One section; positions count from 1 and are None on the side where it does not exist."""

    key: str
    old_position: int | None
    new_position: int | None
    old_heading: str | None
    new_heading: str | None
    old_level: int | None
    new_level: int | None
    heading_diff: SafeString
    heading_changed: bool
    body_diff: SafeString
    body_changed: bool
    teaser: TeaserChange | None
    moved: bool

    @property
    def added(self) -> bool:
        return self.old_position is None

    @property
    def removed(self) -> bool:
        return self.new_position is None

    @property
    def level_changed(self) -> bool:
        return not (self.added or self.removed) and self.old_level != self.new_level

    @property
    def changed(self) -> bool:
        """Its heading, level, text or teaser differ; False for an added or a removed section."""
        if self.added or self.removed:
            return False
        return self.heading_changed or self.level_changed or self.body_changed or self.teaser is not None

    @property
    def kind(self) -> Kind:
        """The main fact; a moved section may also have changed: read `changed` for that."""
        if self.added:
            return Kind.ADDED
        if self.removed:
            return Kind.REMOVED
        if self.moved:
            return Kind.MOVED
        return Kind.CHANGED if self.changed else Kind.UNCHANGED


@dataclass(frozen=True)
class SourceChange:
    """One source; positions (the numbers citations use) count from 1 and are None on the side
    where it does not exist. `fields` are its details that differ, all of them for an added or a
    removed source."""

    key: str
    old_position: int | None
    new_position: int | None
    title: str
    fields: tuple[FieldChange, ...]
    moved: bool

    @property
    def added(self) -> bool:
        return self.old_position is None

    @property
    def removed(self) -> bool:
        return self.new_position is None

    @property
    def changed(self) -> bool:
        return not (self.added or self.removed) and bool(self.fields)

    @property
    def kind(self) -> Kind:
        if self.added:
            return Kind.ADDED
        if self.removed:
            return Kind.REMOVED
        if self.moved:
            return Kind.MOVED
        return Kind.CHANGED if self.changed else Kind.UNCHANGED


@dataclass(frozen=True)
class Comparison:
    fields: tuple[FieldChange, ...]
    sections: tuple[SectionChange, ...]
    sources: tuple[SourceChange, ...] = ()

    @property
    def has_changes(self) -> bool:
        return (
            bool(self.fields)
            or any(section.kind != Kind.UNCHANGED for section in self.sections)
            or any(source.kind != Kind.UNCHANGED for source in self.sources)
        )


# Field, French label, words of context kept around changes (None: short, shown whole).
_FIELDS = (
    ("title", "Titre", None),
    ("slug", "Adresse", None),
    ("introduction", "Introduction", CONTEXT_WORDS),
    ("conclusion", "Conclusion", CONTEXT_WORDS),
    ("meta_description", "Description pour les moteurs de recherche", None),
)


def compare(
    old: Snapshot,
    new: Snapshot,
    article_titles: Mapping[int, str],
    person_names: Mapping[int, str] | None = None,
    topic_names: Mapping[int, str] | None = None,
) -> Comparison:
    """Sections (and sources) come in the new order, then the removed ones in their old order.

    `article_titles` names the articles that sections tease (« À lire aussi »); `person_names`
    the authors, needed only when they changed (see `authors_changed`); `topic_names` the
    thématiques, needed only when they changed (see `topics_changed`).
    """
    fields = []
    for name, label, context in _FIELDS:
        before, after = old.get(name, ""), new.get(name, "")
        diff, changed = _diff(before, after, context)
        if changed:
            fields.append(FieldChange(name, label, before, after, diff))
    if authors_changed(old, new):
        fields.append(_authors_change(old.get("authors", []), new.get("authors", []), person_names or {}))
    if topics_changed(old, new):
        fields.append(_topics_change(old.get("topics", []), new.get("topics", []), topic_names or {}))
    sections = _follow(
        _by_key(old["sections"], "sections"),
        _by_key(new["sections"], "sections"),
        lambda o, n, old_position, new_position, moved: _section_change(
            o, n, old_position, new_position, moved, article_titles
        ),
    )
    sources = _follow(
        _by_key(old.get("sources", []), "sources"), _by_key(new.get("sources", []), "sources"), _source_change
    )
    return Comparison(tuple(fields), tuple(sections), tuple(sources))


def authors_changed(old: Snapshot, new: Snapshot) -> bool:
    return old.get("authors", []) != new.get("authors", [])


def topics_changed(old: Snapshot, new: Snapshot) -> bool:
    """Their order counts: the first one places the article in the breadcrumb."""
    return old.get("topics", []) != new.get("topics", [])


def _follow(old_items: dict[str, dict], new_items: dict[str, dict], change) -> list:
    """`change(old, new, old_position, new_position, moved)` for each item followed by its key:
    the new order, then the removed items in their old order."""
    in_order = _kept_in_order(list(old_items), list(new_items))
    old_positions = {key: n for n, key in enumerate(old_items, start=1)}

    def entry(key: str, new_position: int | None):
        moved = new_position is not None and key in old_items and key not in in_order
        return change(old_items.get(key), new_items.get(key), old_positions.get(key), new_position, moved)

    entries = [entry(key, n) for n, key in enumerate(new_items, start=1)]
    return entries + [entry(key, None) for key in old_items if key not in new_items]


def _by_key(items: Sequence[dict], what: str) -> dict[str, dict]:
    by_key = {item["key"]: item for item in items}
    if len(by_key) != len(items):
        raise ValueError(f"Deux {what} d’un même instantané ont la même clé.")
    return by_key


def _authors_change(old: list[int], new: list[int], names: Mapping[int, str]) -> FieldChange:
    def listed(ids: list[int]) -> str:
        return ", ".join(names.get(pk) or f"personne n° {pk}" for pk in ids) or "aucun"

    diff, _ = _diff(listed(old), listed(new), None)
    return FieldChange("authors", "Auteurs", listed(old), listed(new), diff)


def _topics_change(old: list[int], new: list[int], names: Mapping[int, str]) -> FieldChange:
    def listed(ids: list[int]) -> str:
        return ", ".join(names.get(pk) or f"thématique n° {pk}" for pk in ids) or "aucune"

    diff, _ = _diff(listed(old), listed(new), None)
    return FieldChange("topics", "Thématiques", listed(old), listed(new), diff)


# Source detail, French label; dates are shown as readers read them.
_SOURCE_FIELDS = (
    ("title", "Titre"),
    ("organisation", "Organisme"),
    ("url", "Adresse"),
    ("published_on", "Publiée le"),
    ("consulted_on", "Consultée le"),
)


def _source_change(
    old: SourceSnapshot | None,
    new: SourceSnapshot | None,
    old_position: int | None,
    new_position: int | None,
    moved: bool,
) -> SourceChange:
    fields = []
    for name, label in _SOURCE_FIELDS:
        before, after = _source_value(old, name), _source_value(new, name)
        diff, changed = _diff(before, after, None)
        if changed:
            fields.append(FieldChange(name, label, before, after, diff))
    return SourceChange(
        key=(new or old)["key"],
        old_position=old_position,
        new_position=new_position,
        title=(new or old)["title"],
        fields=tuple(fields),
        moved=moved,
    )


def _source_value(source: SourceSnapshot | None, name: str) -> str:
    value = source.get(name) if source else None
    if value and name.endswith("_on"):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    return value or ""


def _kept_in_order(old_keys: list[str], new_keys: list[str]) -> set[str]:
    """Keys of the longest subsequence common to both orders (a longest increasing subsequence
    of old positions taken in the new order, O(n log n)); the other common keys moved."""
    old_index = {key: n for n, key in enumerate(old_keys)}
    common = [key for key in new_keys if key in old_index]
    tail_values: list[int] = []  # smallest old position ending a run of each length
    tail_at: list[int] = []
    previous: list[int | None] = [None] * len(common)
    for n, key in enumerate(common):
        value = old_index[key]
        length = bisect_left(tail_values, value)
        previous[n] = tail_at[length - 1] if length else None
        if length == len(tail_values):
            tail_values.append(value)
            tail_at.append(n)
        else:
            tail_values[length], tail_at[length] = value, n
    kept: set[str] = set()
    at = tail_at[-1] if tail_at else None
    while at is not None:
        kept.add(common[at])
        at = previous[at]
    return kept


def _section_change(
    old: SectionSnapshot | None,
    new: SectionSnapshot | None,
    old_position: int | None,
    new_position: int | None,
    moved: bool,
    article_titles: Mapping[int, str],
) -> SectionChange:
    old_heading, new_heading = (old["heading"] if old else None), (new["heading"] if new else None)
    old_body, new_body = (old["body"] if old else ""), (new["body"] if new else "")
    old_teaser, new_teaser = (old["read_also"] if old else None), (new["read_also"] if new else None)
    if old_heading is not None and new_heading is not None:
        heading_diff, heading_changed = _diff(old_heading, new_heading, context=None)
    else:
        # An added or removed section is named plainly; its label says what happened to it.
        heading_diff, heading_changed = mark_safe(escape((new or old)["heading"])), False  # noqa: S308
    body_diff, body_changed = _diff(old_body, new_body, CONTEXT_WORDS)
    return SectionChange(
        key=(new or old)["key"],
        old_position=old_position,
        new_position=new_position,
        old_heading=old_heading,
        new_heading=new_heading,
        old_level=old["level"] if old else None,
        new_level=new["level"] if new else None,
        heading_diff=heading_diff,
        heading_changed=heading_changed,
        body_diff=body_diff,
        body_changed=body_changed and old is not None and new is not None,
        teaser=None
        if old_teaser == new_teaser
        else TeaserChange(_title(old_teaser, article_titles), _title(new_teaser, article_titles)),
        moved=moved,
    )


def _title(article_id: int | None, article_titles: Mapping[int, str]) -> str | None:
    if article_id is None:
        return None
    return article_titles.get(article_id) or f"article n° {article_id}"


def word_diff(old: str, new: str, context: int | None = None) -> SafeString:
    """`new` as escaped HTML, with what `old` had and `new` lacks in `<del>` and the reverse in `<ins>`.

    Words next to each other that changed share one mark, even across the spaces between them.
    Each mark starts with a visually hidden « [ajout : » or « [suppression : » and ends with « ] »:
    screen readers do not announce `<ins>`/`<del>` by default, and text read aloud or copied
    keeps the meaning that colour and strikethrough give on screen. CSS `::before` content was
    rejected for this: it is not copied and some screen readers skip it.

    Spacing counts only as space, line break or blank line (a new paragraph in Markdown), so a
    doubled space is no change; unchanged text is shown as `new` has it.

    A change of spacing alone (a paragraph split in two) shows a visible ¶ or ␣ sign in its mark.

    With `context` (a positive number), an unchanged run is shortened to « […] » when that hides
    at least `context` words, keeping `context` words next to each change; a text with no change
    is shown whole.
    """
    return _diff(old, new, context)[0]


def _diff(old: str, new: str, context: int | None) -> tuple[SafeString, bool]:
    """`word_diff`, and whether it marked anything."""
    if old == new:
        return mark_safe(escape(new)), False  # noqa: S308
    runs = _runs(_units(old), _units(new))
    html = []
    for n, run in enumerate(runs):
        if isinstance(run, _Same):
            html.append(_unchanged(run.tokens, context, after_change=n > 0, before_change=n < len(runs) - 1))
            continue
        removed, added, tail = _without_common_tail("".join(run.old), "".join(run.new))
        if removed:
            html.append(_mark("del", "suppression", removed))
        if added:
            html.append(_mark("ins", "ajout", added))
        html.append(escape(tail))
    # Every piece of the texts went through escape(); only the markup written here is raw.
    return mark_safe("".join(html)), any(isinstance(run, _Change) for run in runs)  # noqa: S308


def _without_common_tail(removed: str, added: str) -> tuple[str, str, str]:
    """The space after the last changed word goes after the marks, not inside them (« [ajout :
    mot] » rather than « [ajout : mot ] »), unless the change is one of spacing only."""
    texts = [text for text in (removed, added) if text]
    tails = {text[len(text.rstrip()) :] for text in texts}
    if len(tails) != 1 or not all(text.rstrip() for text in texts):
        return removed, added, ""
    (tail,) = tails
    return removed[: len(removed) - len(tail)], added[: len(added) - len(tail)], tail


@dataclass
class _Same:
    tokens: list[str]  # as in the new text


@dataclass
class _Change:
    old: list[str]
    new: list[str]


_Unit = tuple[str, str]


def _units(text: str) -> list[_Unit]:
    """Each word or sign with the spacing after it; spacing before the first word stands alone."""
    lead = text[: len(text) - len(text.lstrip())]
    units = _UNIT.findall(text, len(lead))
    return [("", lead), *units] if lead else units


def _runs(old: list[_Unit], new: list[_Unit]) -> list[_Same | _Change]:
    # A word and the spacing after it are compared as one element: with every space an element of
    # its own, SequenceMatcher would try each space of a text against each space of the other, at
    # several times the cost. autojunk would take the frequent short words of a long text for noise.
    matcher = SequenceMatcher(None, _keys(old), _keys(new), autojunk=False)
    runs: list[_Same | _Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        new_tokens = _tokens(new[j1:j2])
        if tag == "equal":
            _add_same(runs, new_tokens)
            continue
        # Units differ as a whole (« texte. » against « texte revu. »): mark only the tokens that do.
        old_tokens = _tokens(old[i1:i2])
        start, end = _same_ends(old_tokens, new_tokens)
        _add_same(runs, new_tokens[:start])
        runs.append(_Change(old_tokens[start : len(old_tokens) - end], new_tokens[start : len(new_tokens) - end]))
        _add_same(runs, new_tokens[len(new_tokens) - end :])
    for n, run in enumerate(runs):
        if isinstance(run, _Change) and not (run.old and run.new):
            _slide(runs, n)
    return runs


def _slide(runs: list[_Same | _Change], n: int) -> None:
    """Put an insertion or a deletion where it is read best, among the places it could equally be.

    Adding a paragraph after « Premier. » can be told as « [.¶¶Nouveau] . » or « [Nouveau.¶¶] »:
    the second starts and ends on spacing, so it marks whole words and whole paragraphs.
    """
    before = runs[n - 1].tokens if n > 0 else []
    after = runs[n + 1].tokens if n + 1 < len(runs) else []
    change = runs[n]
    moved = change.old or change.new
    line = [*before, *moved, *after]
    size, best = len(moved), len(before)
    start = best
    while start > 0 and _same_token(line[start - 1], line[start + size - 1]):
        start -= 1
    while True:
        if _edges_score(line, start, start + size) > _edges_score(line, best, best + size):
            best = start
        if start + size == len(line) or not _same_token(line[start], line[start + size]):
            break
        start += 1
    if n > 0:
        runs[n - 1].tokens = line[:best]
    if n + 1 < len(runs):
        runs[n + 1].tokens = line[best + size :]
    runs[n] = _Change(line[best : best + size], []) if change.old else _Change([], line[best : best + size])


def _edges_score(line: list[str], start: int, end: int) -> int:
    """Higher when the change follows and ends with spacing, the most for a blank line."""
    return _edge(line[start - 1] if start else "\n\n") + _edge(line[end - 1] if end < len(line) else "\n\n")


def _edge(token: str) -> int:
    return {"\n\n": 3, "\n": 2, " ": 1}[_spacing_kind(token)] if token.isspace() else 0


def _keys(units: list[_Unit]) -> list[str]:
    return [sign + _spacing_kind(spacing) if spacing else sign for sign, spacing in units]


def _tokens(units: list[_Unit]) -> list[str]:
    return [token for unit in units for token in unit if token]


def _same_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many tokens the two lists share at their start, then at their end."""
    most = min(len(old), len(new))
    start = 0
    while start < most and _same_token(old[start], new[start]):
        start += 1
    end = 0
    while end < most - start and _same_token(old[-1 - end], new[-1 - end]):
        end += 1
    return start, end


def _same_token(old: str, new: str) -> bool:
    return old == new or (old.isspace() and new.isspace() and _spacing_kind(old) == _spacing_kind(new))


def _add_same(runs: list[_Same | _Change], tokens: list[str]) -> None:
    if not tokens:
        return
    if runs and isinstance(runs[-1], _Same):
        runs[-1].tokens.extend(tokens)
    else:
        runs.append(_Same(tokens))


def _spacing_kind(spacing: str) -> str:
    """Space, line break or blank line: all that spacing means in Markdown source."""
    if spacing == " ":
        return spacing
    lines = spacing.count("\n")
    return "\n\n" if lines > 1 else "\n" if lines else " "


_GAP = (
    '<span class="diff-gap"><span aria-hidden="true">[…]</span>'
    '<span class="visually-hidden">[passage inchangé omis]</span></span>'
)


def _unchanged(tokens: list[str], context: int | None, after_change: bool, before_change: bool) -> str:
    """Escaped; shortened to `context` words on the side of each change when that hides enough."""
    needed = context * (1 + after_change + before_change) if context else 0
    # Counting tokens first spares counting the words of the many short runs.
    if not needed or len(tokens) < needed:
        return escape("".join(tokens))
    words = [n for n, token in enumerate(tokens) if token[0].isalnum() or token[0] == "_"]
    if len(words) < needed:
        return escape("".join(tokens))
    head = "".join(tokens[: words[context - 1] + 1]) + " " if after_change else ""
    tail = " " + "".join(tokens[words[-context] :]) if before_change else ""
    return escape(head) + _GAP + escape(tail)


def _mark(tag: str, label: str, text: str) -> str:
    return (
        f'<{tag}><span class="visually-hidden">[{label} : </span>'
        f'{_spacing(text) if text.isspace() else escape(text)}<span class="visually-hidden">]</span></{tag}>'
    )


def _spacing(text: str) -> str:
    """Spacing alone would make an empty-looking mark: name it, for the eye and for the ear."""
    kind = _spacing_kind(text)
    sign, name = {"\n\n": ("¶", "nouveau paragraphe"), "\n": ("¶", "saut de ligne")}.get(kind, ("␣", "espace"))
    return f'<span class="diff-sign" aria-hidden="true">{sign}</span><span class="visually-hidden">{name}</span>{text}'
