"""An article as one Markdown file with front matter, to edit outside the site or move it between
sites (`manage.py export_article`, `manage.py import_article`). Pure: no database here.

    ---
    title: L’immunothérapie
    slug: immunotherapie
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

- The front matter is YAML with two fields, `title` and `slug`, and nothing else.
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
- Texts are compared and written as the admin keeps them: without blank space around them,
  with `\\n` line ends (a browser sends `\\r\\n`; the rendered page is the same).
"""

import math
import re
import uuid
from dataclasses import dataclass

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from articles.models import Article, Section

CONCLUSION_MARKER = "<!-- Conclusion -->"
FIELDS = ("title", "slug")

_HEADING = re.compile(r"(#{1,6})(?:[ \t]|$)")  # CommonMark's: seven # or "#word" are text
_COMMENT = re.compile(r"<!--(.*)-->[ \t]*")
_KEY = re.compile(r"cl[ée]\s*:\s*(\S*)", re.IGNORECASE)
_READ_ALSO = re.compile(r"[àa] lire aussi\s*:\s*(\S*)", re.IGNORECASE)
_CONCLUSION = re.compile(r"conclusion", re.IGNORECASE)
_ESCAPED = re.compile(r"\\*(?:#{1,6}(?:[ \t]|$)|<!--)")  # a structure line behind any backslashes
_TITLE_MAX = Article._meta.get_field("title").max_length
_SLUG_MAX = Article._meta.get_field("slug").max_length
_HEADING_MAX = Section._meta.get_field("heading").max_length


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
class ArticleFile:
    title: str
    slug: str
    introduction: str = ""
    conclusion: str = ""
    sections: tuple[FileSection, ...] = ()


def normalise(text: str) -> str:
    """A text as the file holds it: `\\n` line ends, no blank space around it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def write(article: ArticleFile) -> str:
    front = yaml.safe_dump(
        {"title": normalise(article.title), "slug": article.slug},
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
    return "\n\n".join(block for block in blocks if block) + "\n"


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
    title, slug = _front_matter("\n".join(lines[1:end]))
    return _Reader(title, slug).read(lines[end + 1 :], first_number=end + 2)


def _escape(text: str) -> str:
    return "\n".join("\\" + line if _ESCAPED.match(line) else line for line in normalise(text).split("\n"))


def _unescape(line: str) -> str:
    return line[1:] if line.startswith("\\") and _ESCAPED.match(line) else line


def _front_matter(text: str) -> tuple[str, str]:
    try:
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
    unknown = sorted(str(name) for name in data if name not in FIELDS)
    if unknown:
        raise ArticleFileError(f"Champ inconnu dans l’en-tête : {', '.join(unknown)} (seuls title et slug sont lus).")
    title, slug = data.get("title"), data.get("slug")
    if not isinstance(title, str) or not title.strip():
        raise ArticleFileError("L’en-tête ne donne pas le titre de l’article (title:).")
    if len(title.strip()) > _TITLE_MAX:
        raise ArticleFileError(f"Le titre dépasse {_TITLE_MAX} caractères.")
    if not isinstance(slug, str) or not slug:
        raise ArticleFileError("L’en-tête ne donne pas l’adresse de l’article (slug:).")
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise ArticleFileError(
            f"Adresse « {slug} » invalide : lettres sans accents, chiffres, tirets et soulignés seulement."
        ) from error
    if len(slug) > _SLUG_MAX:
        raise ArticleFileError(f"L’adresse dépasse {_SLUG_MAX} caractères.")
    return title.strip(), slug


class _Reader:
    """The lines after the front matter: introduction, sections, conclusion, in that order."""

    def __init__(self, title: str, slug: str) -> None:
        self.title, self.slug = title, slug
        self.introduction: list[str] = []
        self.sections: list[dict] = []
        self.conclusion: list[str] | None = None
        self.text = self.introduction  # where the next text line goes
        self.keys: set[str] = set()

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
        )

    def _line(self, line: str) -> None:
        if heading := _HEADING.match(line):
            self._heading(len(heading.group(1)), line[heading.end() :].strip())
        elif comment := _COMMENT.fullmatch(line):
            self._comment(comment.group(1).strip())
        elif line.startswith("<!--"):
            raise ArticleFileError(
                "commentaire non reconnu : seuls « <!-- clé : … --> », « <!-- À lire aussi : adresse --> » et "
                f"« {CONCLUSION_MARKER} » sont lus, chacun sur une ligne (un texte qui commence par « <!-- » "
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
        if _CONCLUSION.fullmatch(inner):
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
                f"« <!-- À lire aussi : adresse --> » et « {CONCLUSION_MARKER} » sont lus."
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


def _text(lines: list[str]) -> str:
    return "\n".join(lines).strip()
