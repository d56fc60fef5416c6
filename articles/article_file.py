"""An article as one Markdown file with front matter, to edit outside the site or move it between
sites (`manage.py export_article`, `manage.py import_article`). Pure: no database here.

    ---
    title: L’immunothérapie
    slug: immunotherapie
    description: 'L’immunothérapie : comment elle aide le corps à combattre le cancer.'
    authors:
    - claire-martin
    topics:
    - cancers
    - traitements
    ---

    The introduction.

    ## A section (H2)
    <!-- clé : 0f8c3b1e-… -->

    ### A subsection (H3)
    <!-- clé : 9a1b77d2-… -->

    Its text.

    <!-- À lire aussi : comment-guerir-les-allergies -->

    <!-- Conclusion -->

    The conclusion.

    <!-- Sources -->

    1. Calendrier des vaccinations 2024
       - organisme : Ministère de la santé
       - adresse : https://sante.gouv.fr/calendrier-vaccinal
       - publiée le : 2024-04-02
       - consultée le : 2024-11-12
       <!-- clé : 6b0d2e71-… -->

- The front matter is YAML with the fields `title`, `slug`, then, when the article has them,
  `description`: its description for search engines and link previews (the admin's
  « Description pour les moteurs de recherche », on one line, 160 characters at most; YAML
  quotes it when it holds « : »), `authors`: the list of its authors' addresses (person slugs),
  and `topics`: the list of its thématiques' addresses (topic slugs), each list in the editors'
  order (the first topic is the one the breadcrumb shows), each address once. Nothing else, and
  each field once (YAML would keep the second silently). A list is written one item a line
  (`- cancers`), easy to reorder; `[cancers, traitements]` reads the same, and a list left empty
  (`topics:`, its items deleted) is an empty one. A value YAML reads as something else than the
  text or the list the field wants (`title: 2024` is a number, `title: yes` a yes/no) is
  refused, and every refusal of a field names its line.
- The file is the whole article: a file without `description`, `authors` or `topics` is an
  article without a description (its page then shows the introduction's start), authors or
  thématiques, as one without `<!-- Sources -->` is one without sources, and an import makes the
  working copy so. Whether each address names a person or a topic of the site is the import's
  check (articles.exchange), which refuses the file, naming them, if one does not.
- A line that starts with `## ` or `### ` opens a section, H2 or H3: section texts cannot hold
  headings (articles.rendering turns them off), so these lines are never text. `# ` (the article's
  title is in the front matter) and `#### ` to `###### ` are refused rather than read as text.
- What is not text is an HTML comment on a line of its own, invisible in a Markdown preview: the
  section's key (its identity across saves, so an import matches sections by key, not by place),
  its "À lire aussi" teaser (the teased article's slug), and `<!-- Conclusion -->`, which ends the
  last section. A comment can never be taken for a section heading, so neither can the conclusion.
  Keys and teasers belong to the section they are in, so they move with it when it is cut and
  pasted elsewhere in the file.
- A text line that would read as one of these (`#…`, `<!--…`) is written with one more backslash
  in front (Markdown shows `\\#` as `#`), and reading takes one off: every text comes back as
  typed, character for character.
- `<!-- Sources -->`, written only when the article has sources, ends the file: a numbered list
  (a Markdown list, so a preview shows it as one), « N. title » then one line a detail, dates
  as YYYY-MM-DD, and the source's key. The numbers must run 1, 2, 3…: they are the ones the
  text's citations `[^N]` use. A file without this part is an article without sources.
- Texts are compared and written as the admin keeps them: without blank space around them,
  with `\\n` line ends (a browser sends `\\r\\n`; the rendered page is the same).
"""

import math
import re
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug

from articles.models import Article, Section, Source

CONCLUSION_MARKER = "<!-- Conclusion -->"
SOURCES_MARKER = "<!-- Sources -->"
# A source's details as the file names them, in the order they are written.
SOURCE_DETAILS = {
    "organisation": "organisme",
    "url": "adresse",
    "published_on": "publiée le",
    "consulted_on": "consultée le",
}
FIELDS = ("title", "slug", "description", "authors", "topics")

_HEADING = re.compile(r"(#{1,6})(?:[ \t]|$)")  # CommonMark's: seven # or "#word" are text
_COMMENT = re.compile(r"<!--(.*)-->[ \t]*")
_KEY = re.compile(r"cl[ée]\s*:\s*(\S*)", re.IGNORECASE)
_READ_ALSO = re.compile(r"[àa] lire aussi\s*:\s*(\S*)", re.IGNORECASE)
_CONCLUSION = re.compile(r"conclusion", re.IGNORECASE)
_SOURCES = re.compile(r"sources", re.IGNORECASE)
_SOURCE = re.compile(r"([0-9]+)\.[ \t]+(.*)")
_SOURCE_DETAIL = re.compile(r"[ \t]*-[ \t]+([^:]*?)[ \t]*:[ \t]*(.*)")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ESCAPED = re.compile(r"\\*(?:#{1,6}(?:[ \t]|$)|<!--)")  # a structure line behind any backslashes
_TITLE_MAX = Article._meta.get_field("title").max_length
_SLUG_MAX = Article._meta.get_field("slug").max_length
_DESCRIPTION_MAX = Article._meta.get_field("meta_description").max_length
_HEADING_MAX = Section._meta.get_field("heading").max_length
_SOURCE_MAX = {name: Source._meta.get_field(name).max_length for name in ("title", "organisation", "url")}
_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


class ArticleFileError(ValueError):
    """What is wrong with a file, in French, with the line when there is one."""


@dataclass(frozen=True, slots=True)
class FileSection:
    heading: str
    level: int
    body: str = ""
    key: str | None = None
    read_also: str | None = None  # the teased article's slug


@dataclass(frozen=True, slots=True)
class FileSource:
    title: str
    organisation: str = ""
    url: str = ""
    published_on: str | None = None  # YYYY-MM-DD
    consulted_on: str | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleFile:
    title: str
    slug: str
    introduction: str = ""
    conclusion: str = ""
    sections: tuple[FileSection, ...] = ()
    sources: tuple[FileSource, ...] = ()
    authors: tuple[str, ...] = ()  # their person slugs
    topics: tuple[str, ...] = ()  # the thématiques' slugs, the breadcrumb's first
    description: str = ""  # for search engines (Article.meta_description)


def normalise(text: str) -> str:
    """A text as the file holds it: `\\n` line ends, no blank space around it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def write(article: ArticleFile) -> str:
    front = yaml.safe_dump(
        {
            "title": normalise(article.title),
            "slug": article.slug,
            **({"description": normalise(article.description)} if normalise(article.description) else {}),
            **({"authors": list(article.authors)} if article.authors else {}),
            **({"topics": list(article.topics)} if article.topics else {}),
        },
        allow_unicode=True,
        sort_keys=False,
        width=math.inf,  # a long title folded over two lines would read back the same, but less well
    )
    blocks = [f"---\n{front}---", _escape(article.introduction)]
    for section in article.sections:
        heading = f"{'#' * section.level} {normalise(section.heading)}"
        blocks.append(f"{heading}\n<!-- clé : {section.key} -->" if section.key else heading)
        blocks.append(_escape(section.body))
        if section.read_also:
            blocks.append(f"<!-- À lire aussi : {section.read_also} -->")
    blocks += [CONCLUSION_MARKER, _escape(article.conclusion)]
    if article.sources:
        blocks += [SOURCES_MARKER, *(_source_block(n, source) for n, source in enumerate(article.sources, start=1))]
    return "\n\n".join(block for block in blocks if block) + "\n"


def _source_block(number: int, source: FileSource) -> str:
    lines = [f"{number}. {normalise(source.title)}"]
    for name, label in SOURCE_DETAILS.items():
        if value := getattr(source, name):
            lines.append(f"   - {label} : {normalise(value)}")
    if source.key:
        lines.append(f"   <!-- clé : {source.key} -->")
    return "\n".join(lines)


def read(text: str) -> ArticleFile:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != "---":
        raise ArticleFileError(
            "Le fichier ne commence pas par un en-tête : une ligne « --- », puis « title: » et « slug: », "
            "puis une ligne « --- »."
        )
    end = next((n for n, line in enumerate(lines[1:], start=1) if line.rstrip() == "---"), None)
    if end is None:
        raise ArticleFileError("L’en-tête n’est pas fermé par une ligne « --- ».")
    front = _front_matter("\n".join(lines[1:end]))
    return replace(_Reader(front["title"], front["slug"]).read(lines[end + 1 :], first_number=end + 2), **front)


def _escape(text: str) -> str:
    return "\n".join("\\" + line if _ESCAPED.match(line) else line for line in normalise(text).split("\n"))


def _unescape(line: str) -> str:
    return line[1:] if line.startswith("\\") and _ESCAPED.match(line) else line


def _front_matter(text: str) -> dict:
    """The front matter's fields, checked; a refusal names the line of the field at fault."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (ligne {mark.line + 2})" if mark else ""
        raise ArticleFileError(
            f"En-tête illisible{where} : une valeur qui contient « : » ou commence par une ponctuation "
            's’écrit entre guillemets, par exemple title: "Vaccins : vrai ou faux ?".'
        ) from error
    if not isinstance(data, dict):
        raise ArticleFileError("L’en-tête doit donner « title: » et « slug: ».")
    front = _Front(data, node)
    unknown = sorted(str(name) for name in data if name not in FIELDS)
    if unknown:
        raise front.refusal(
            str(unknown[0]),
            f"Champ inconnu dans l’en-tête : {', '.join(unknown)} "
            f"(seuls {', '.join(FIELDS[:-1])} et {FIELDS[-1]} sont lus).",
        )
    title, slug = front.text("title"), front.text("slug")
    if not title:
        raise ArticleFileError("L’en-tête ne donne pas le titre de l’article (title:).")
    if len(title) > _TITLE_MAX:
        raise front.refusal("title", f"Le titre dépasse {_TITLE_MAX} caractères.")
    if not slug:
        raise ArticleFileError("L’en-tête ne donne pas l’adresse de l’article (slug:).")
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise front.refusal(
            "slug", f"Adresse « {slug} » invalide : lettres sans accents, chiffres, tirets et soulignés seulement."
        ) from error
    if len(slug) > _SLUG_MAX:
        raise front.refusal("slug", f"L’adresse dépasse {_SLUG_MAX} caractères.")
    description = front.text("description")
    if "\n" in description:
        raise front.refusal(
            "description", "La description tient sur une ligne, comme les moteurs de recherche la montrent."
        )
    if len(description) > _DESCRIPTION_MAX:
        raise front.refusal(
            "description",
            f"La description fait {len(description)} caractères : {_DESCRIPTION_MAX} au plus, ce que les "
            "moteurs de recherche en montrent.",
        )
    return {
        "title": title,
        "slug": slug,
        "description": description,
        "authors": front.addresses("authors"),
        "topics": front.addresses("topics"),
    }


# What a list of addresses in the front matter names, and an example of it.
_ADDRESSES = {
    "authors": ("des auteurs (leur page /auteurs/<adresse>/)", "authors: [claire-martin, jean-dupont]"),
    "topics": ("des thématiques (leur page /themes/<adresse>/)", "topics: [vaccination, cancers]"),
}


class _Front:
    """The front matter's values, with the line each field is on in the file."""

    def __init__(self, data: dict, node: yaml.MappingNode) -> None:
        self.data = data
        self.lines: dict[str, int] = {}
        self.typed: dict[str, str] = {}  # each one-line value as the file writes it
        for key, value in node.value:
            line = key.start_mark.line + 2  # the file's line 1 is the opening « --- »
            if key.value in self.lines:
                # YAML would keep the second silently: the editor changed one of the two, which one?
                raise ArticleFileError(f"Ligne {line} : « {key.value}: » une seconde fois dans l’en-tête.")
            self.lines[key.value] = line
            if isinstance(value, yaml.ScalarNode):
                self.typed[key.value] = value.value

    def refusal(self, name: str, message: str) -> ArticleFileError:
        line = self.lines.get(name)
        return ArticleFileError(f"Ligne {line} : {message}" if line else message)

    def text(self, name: str) -> str:
        """A text field, without blank space around it; empty when the field is absent or left empty."""
        value = self.data.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.refusal(
                name,
                f"« {name}: » se lit comme {_kind(value)}, pas comme un texte : écrivez-le entre guillemets, "
                f'par exemple {name}: "{self.typed.get(name, "…")}".',
            )
        return value.strip()

    def addresses(self, name: str) -> tuple[str, ...]:
        """A list of addresses (slugs), each once; none when the field is absent or left empty."""
        value = self.data.get(name)
        if value is None:
            return ()
        what, example = _ADDRESSES[name]
        if not isinstance(value, list):
            raise self.refusal(name, f"« {name}: » donne la liste des adresses {what}, par exemple {example}.")
        for item in value:
            if isinstance(item, (list, dict)):
                problem = f"un élément se lit comme {_kind(item)}, pas comme une adresse"
            elif not isinstance(item, str):
                problem = f"« {item} » se lit comme {_kind(item)}, pas comme une adresse : écrivez-le entre guillemets"
            elif not _is_slug(item):
                problem = f"« {item} » n’est pas une adresse (lettres sans accents, chiffres, tirets et soulignés)"
            else:
                continue
            raise self.refusal(
                name, f"« {name}: » donne la liste des adresses {what}, par exemple {example} : {problem}."
            )
        if twice := next((slug for slug, count in Counter(value).items() if count > 1), None):
            raise self.refusal(name, f"« {twice} » figure deux fois dans « {name}: » : retirez l’une des deux.")
        return tuple(value)


def _is_slug(text: str) -> bool:
    try:
        validate_slug(text)
    except ValidationError:
        return False
    return True


def _kind(value) -> str:
    """What YAML read a value as, for an editor who meant a text."""
    if isinstance(value, bool):
        return "« oui » ou « non »"
    if isinstance(value, (int, float)):
        return "un nombre"
    if isinstance(value, date):
        return "une date"
    if isinstance(value, list):
        return "une liste"
    return "une suite de champs"


class _Reader:
    """The lines after the front matter: introduction, sections, conclusion, in that order."""

    def __init__(self, title: str, slug: str) -> None:
        self.title, self.slug = title, slug
        self.introduction: list[str] = []
        self.sections: list[dict] = []
        self.conclusion: list[str] | None = None
        self.text = self.introduction  # where the next text line goes
        self.keys: set[str] = set()
        self.sources: list[dict] | None = None  # a list once `<!-- Sources -->` is read

    def read(self, lines: list[str], first_number: int) -> ArticleFile:
        for number, line in enumerate(lines, start=first_number):
            try:
                self._line(line)
            except ArticleFileError as error:
                raise ArticleFileError(f"Ligne {number} : {error}") from None
        return ArticleFile(
            title=self.title,
            slug=self.slug,
            introduction=_text(self.introduction),
            conclusion=_text(self.conclusion or []),
            sections=tuple(
                FileSection(s["heading"], s["level"], _text(s["text"]), s["key"], s["read_also"]) for s in self.sections
            ),
            sources=tuple(FileSource(**source) for source in self.sources or []),
        )

    def _line(self, line: str) -> None:
        if self.sources is not None:
            self._source_line(line)
        elif heading := _HEADING.match(line):
            self._heading(len(heading.group(1)), line[heading.end() :].strip())
        elif comment := _COMMENT.fullmatch(line):
            self._comment(comment.group(1).strip())
        elif line.startswith("<!--"):
            raise ArticleFileError(
                "commentaire non reconnu : seuls « <!-- clé : … --> », « <!-- À lire aussi : adresse --> », "
                f"« {CONCLUSION_MARKER} » et « {SOURCES_MARKER} » sont lus, chacun sur une ligne (un texte qui commence par « <!-- » "
                "s’écrit « \\<!-- »)."
            )
        else:
            self.text.append(_unescape(line))

    def _heading(self, level: int, heading: str) -> None:
        if level == 1:
            raise ArticleFileError(
                "« # » ouvre un titre de niveau 1 : le titre de l’article se donne dans l’en-tête (title:), "
                "une section commence par « ## » (H2) ou « ### » (H3)."
            )
        if level > 3:
            raise ArticleFileError(f"titre de niveau {level} : une section commence par « ## » (H2) ou « ### » (H3).")
        if self.conclusion is not None:
            raise ArticleFileError(
                f"section « {heading} » après « {CONCLUSION_MARKER} », qui suit la dernière section."
            )
        if not heading:
            raise ArticleFileError("section sans titre.")
        if len(heading) > _HEADING_MAX:
            raise ArticleFileError(f"titre de section de plus de {_HEADING_MAX} caractères.")
        self.sections.append({"heading": heading, "level": level, "text": [], "key": None, "read_also": None})
        self.text = self.sections[-1]["text"]

    def _comment(self, inner: str) -> None:
        if _SOURCES.fullmatch(inner):
            self.sources = []
        elif _CONCLUSION.fullmatch(inner):
            if self.conclusion is not None:
                raise ArticleFileError(f"« {CONCLUSION_MARKER} » une seconde fois.")
            self.conclusion = self.text = []
        elif key := _KEY.fullmatch(inner):
            self._section("la clé")["key"] = self._key(key.group(1))
        elif read_also := _READ_ALSO.fullmatch(inner):
            section = self._section("« À lire aussi »")
            if section["read_also"] is not None or not read_also.group(1):
                raise ArticleFileError("une section a au plus un « À lire aussi », qui donne l’adresse d’un article.")
            section["read_also"] = read_also.group(1)
        else:
            raise ArticleFileError(
                f"commentaire « <!-- {inner} --> » non reconnu : seuls « <!-- clé : … --> », "
                f"« <!-- À lire aussi : adresse --> », « {CONCLUSION_MARKER} » et « {SOURCES_MARKER} » sont lus."
            )

    def _section(self, what: str) -> dict:
        if not self.sections or self.conclusion is not None:
            raise ArticleFileError(f"{what} ne peut suivre que le titre ou le texte d’une section.")
        return self.sections[-1]

    def _key(self, value: str) -> str:
        if self.sections[-1]["key"] is not None:
            raise ArticleFileError("une seconde clé pour la même section.")
        try:
            key = str(uuid.UUID(value))
        except ValueError:
            raise ArticleFileError(f"clé « {value} » illisible (un UUID, tel que l’export l’écrit).") from None
        if key in self.keys:
            raise ArticleFileError(
                f"la clé {key} est déjà celle d’une autre section du fichier : une section copiée "
                "ne garde pas la clé de l’original (supprimez la ligne « <!-- clé : … --> » de la copie)."
            )
        self.keys.add(key)
        return key

    def _source_line(self, line: str) -> None:
        """A line of the sources' part, which ends the file."""
        if not line.strip():
            return
        if source := _SOURCE.fullmatch(line.rstrip()):
            self._new_source(int(source.group(1)), source.group(2).strip())
        elif detail := _SOURCE_DETAIL.fullmatch(line.rstrip()):
            self._source_detail(detail.group(1), detail.group(2))
        elif (comment := _COMMENT.fullmatch(line.strip())) and (key := _KEY.fullmatch(comment.group(1).strip())):
            source = self._source("la clé")
            if source["key"] is not None:
                raise ArticleFileError("une seconde clé pour la même source.")
            source["key"] = self._source_key(key.group(1))
        else:
            raise ArticleFileError(
                f"ligne non reconnue après « {SOURCES_MARKER} », qui termine le fichier : chaque source "
                "s’écrit « 1. Titre », suivi de lignes « - organisme : … », « - adresse : https://… », "
                "« - publiée le : AAAA-MM-JJ », « - consultée le : AAAA-MM-JJ » et de sa clé « <!-- clé : … --> »."
            )

    def _new_source(self, number: int, title: str) -> None:
        expected = len(self.sources) + 1
        if number != expected:
            raise ArticleFileError(
                f"source numérotée {number} à la place n° {expected} : les sources se numérotent 1, 2, 3… "
                "dans l’ordre de la liste, les numéros que citent les [^N] du texte."
            )
        if not title:
            raise ArticleFileError(f"la source n° {number} n’a pas de titre.")
        if len(title) > _SOURCE_MAX["title"]:
            raise ArticleFileError(f"titre de source de plus de {_SOURCE_MAX['title']} caractères.")
        self.sources.append({"title": title, "key": None})

    def _source_detail(self, label: str, value: str) -> None:
        names = {label: name for name, label in SOURCE_DETAILS.items()}
        name = names.get(" ".join(label.casefold().split()))
        if name is None:
            raise ArticleFileError(
                f"détail « {label} » inconnu : une source donne « organisme », « adresse », « publiée le » "
                "et « consultée le »."
            )
        source = self._source(f"« {label} »")
        if name in source:
            raise ArticleFileError(f"« {label} » une seconde fois pour la même source.")
        source[name] = _source_value(name, label, value.strip())

    def _source(self, what: str) -> dict:
        if not self.sources:
            raise ArticleFileError(f"{what} ne peut suivre que le titre d’une source (« 1. Titre »).")
        return self.sources[-1]

    def _source_key(self, value: str) -> str:
        try:
            key = str(uuid.UUID(value))
        except ValueError:
            raise ArticleFileError(f"clé « {value} » illisible (un UUID, tel que l’export l’écrit).") from None
        if any(source["key"] == key for source in self.sources):
            raise ArticleFileError(f"la clé {key} est déjà celle d’une autre source du fichier.")
        return key


def _source_value(name: str, label: str, value: str) -> str | None:
    """A source's detail as the file gives it, checked; an empty date is no date."""
    if name.endswith("_on"):
        if not value:
            return None
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ArticleFileError(
                f"« {label} » : date « {value} » illisible (AAAA-MM-JJ, par exemple 2024-11-12)."
            ) from None
    if len(value) > _SOURCE_MAX[name]:
        raise ArticleFileError(f"« {label} » de plus de {_SOURCE_MAX[name]} caractères.")
    if name == "url" and value:
        try:
            _WEB_ADDRESS(value)
        except ValidationError:
            raise ArticleFileError(
                f"adresse « {value} » invalide : une adresse web complète, en https:// ou http://."
            ) from None
    return value


def _text(lines: list[str]) -> str:
    return "\n".join(lines).strip()
