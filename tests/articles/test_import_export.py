"""`manage.py export_article` and `manage.py import_article`: an article as a Markdown file and back.

The round-trip tests read the seed (tests.seed); the others build their own articles.
"""

import importlib
import io
import re
from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command
from django.utils.text import slugify

from articles import article_file, publishing
from articles.models import Article, Event, Revision, Section
from tests.articles.article_files import export, import_text
from tests.factories import ArticleFactory, ArticleWithSectionsFactory, SectionFactory, StaffFactory, publish_now
from tests.seed import SLUG, seed_article

SEED = importlib.import_module("articles.migrations.0002_seed_immunotherapie")
FRONT = "---\ntitle: Un article\nslug: un-article\n---\n\n"
KEY_LINE = re.compile(r"^<!-- clé : [0-9a-f-]{36} -->\n", re.MULTILINE)


def move_out_of_the_way(article: Article) -> None:
    """As if the file went to another site: no article there has this address or these sections."""
    Revision.objects.filter(article=article).update(slug=f"ancien-{article.slug}")
    Article.objects.filter(pk=article.pk).update(slug=f"ancien-{article.slug}")
    article.sections.all().delete()


def rows() -> tuple[int, int, int, int]:
    return Article.objects.count(), Section.objects.count(), Revision.objects.count(), Event.objects.count()


@pytest.fixture
def seed(db) -> Article:
    return seed_article()


# The seed, there and back.


def test_the_seed_imported_over_itself_saves_nothing_and_exports_the_same_bytes(tmp_path, seed):
    exported = export(SLUG)
    before = rows()
    summary = import_text(tmp_path, exported)
    assert "rien n’est enregistré" in summary
    assert rows() == before
    assert Article.objects.get(pk=seed.pk).updated_at == seed.updated_at
    assert export(SLUG).encode() == exported.encode()


def test_the_seed_imported_where_it_does_not_exist_is_a_new_article_that_exports_the_same_bytes(tmp_path, seed):
    exported = export(SLUG)
    move_out_of_the_way(seed)
    summary = import_text(tmp_path, exported)
    imported = Article.objects.get(slug=SLUG)
    assert imported.pk != seed.pk
    assert "créé, 21 section(s), version n° 1 enregistrée (brouillon)" in summary
    assert export(SLUG).encode() == exported.encode()


def test_the_imported_seed_holds_the_seed_migrations_text_word_for_word(tmp_path, seed):
    exported = export(SLUG)
    move_out_of_the_way(seed)
    import_text(tmp_path, exported)
    imported = Article.objects.get(slug=SLUG)
    assert (imported.title, imported.introduction, imported.conclusion) == (
        "L’immunothérapie",
        SEED.INTRODUCTION,
        SEED.CONCLUSION,
    )
    sections = [
        (s.heading, s.level, s.body, s.read_also.slug if s.read_also else None) for s in imported.sections.all()
    ]
    assert sections == [
        (heading, level, body, None if teaser is None else slugify(SEED.TEASER_TITLES[teaser]))
        for heading, level, body, teaser in SEED.SECTIONS
    ]


def test_the_seeds_apostrophes_come_through_the_file_byte_for_byte(tmp_path, seed):
    output = tmp_path / "immunotherapie.md"
    call_command("export_article", SLUG, "--output", str(output), stdout=io.StringIO())
    data = output.read_bytes()
    texts = ["L’immunothérapie", SEED.INTRODUCTION, SEED.CONCLUSION]
    texts += [text for heading, _, body, _ in SEED.SECTIONS for text in (heading, body) if text]
    for text in texts:
        assert text.encode() in data
    for mark in ("’", "'"):
        assert data.count(mark.encode()) == sum(text.count(mark) for text in texts)


def test_a_copy_under_another_slug_gets_keys_of_its_own_and_leaves_the_original_alone(tmp_path, seed):
    exported = export(SLUG)
    original = list(seed.sections.values_list("key", "heading"))
    summary = import_text(tmp_path, exported.replace(f"slug: {SLUG}\n", "slug: copie\n"))
    assert "21 section(s) portaient la clé d’une section d’un autre article" in summary
    copy = Article.objects.get(slug="copie")
    assert list(seed.sections.values_list("key", "heading")) == original
    assert [h for _, h in copy.sections.values_list("key", "heading")] == [h for _, h in original]
    assert not set(copy.sections.values_list("key", flat=True)) & {k for k, _ in original}
    assert KEY_LINE.sub("", export("copie")) == KEY_LINE.sub("", exported).replace(f"slug: {SLUG}\n", "slug: copie\n")


# Typography and text that looks like the file's structure.

FRENCH = "« Vaccins » : vrai ou faux\u00a0?"
BODY = (
    "L’ARN messager n'est pas «\u00a0nouveau\u00a0»\u202f; il date de 1961 — et… 3\u00a0000 études.\n\n"
    "- un point\r\n- l’autre point 👩\u200d⚕️"
)


def test_apostrophes_guillemets_and_no_break_spaces_survive_byte_for_byte(tmp_path, db):
    article = ArticleFactory(title=FRENCH, introduction=BODY, conclusion="Fin\u00a0!", published=False)
    SectionFactory(article=article, heading="L’ARN «\u00a0messager\u00a0»", level=3, body=BODY)
    output = tmp_path / "export.md"
    call_command("export_article", article.slug, "--output", str(output), stdout=io.StringIO())
    data = output.read_bytes()
    for text in (FRENCH, "L’ARN «\u00a0messager\u00a0»", BODY.replace("\r\n", "\n"), "Fin\u00a0!"):
        assert text.encode() in data
    move_out_of_the_way(article)
    call_command("import_article", str(output), stdout=io.StringIO())
    imported = Article.objects.get(slug=article.slug)
    section = imported.sections.get()
    assert (imported.title, imported.conclusion, section.heading) == (
        FRENCH,
        "Fin\u00a0!",
        "L’ARN «\u00a0messager\u00a0»",
    )
    assert imported.introduction == section.body == BODY.replace("\r\n", "\n")
    assert export(article.slug).encode() == data


@pytest.mark.parametrize(
    "title",
    ["Immunothérapie : ce qu’il faut savoir", "#1 des cancers", "yes", "2024-01-01", "' – «", "Un mot " * 28],
)
def test_any_title_comes_back_from_the_front_matter_as_it_was_on_one_line(tmp_path, db, title):
    article = ArticleFactory(title=title.strip(), published=False)
    exported = export(article.slug)
    assert exported.startswith("---\ntitle: ") and exported.split("\n")[2] == f"slug: {article.slug}"
    move_out_of_the_way(article)
    import_text(tmp_path, exported)
    assert Article.objects.get(slug=article.slug).title == title.strip()


def test_text_lines_that_look_like_headings_or_comments_come_back_as_typed(tmp_path, db):
    body = (
        "## pas un titre\n### pas plus\n# ni celui-ci\n####### sept dièses\n#mot-dièse\n"
        "<!-- Conclusion -->\n<!-- clé : rien -->\n\\## déjà une barre\n\\\\<!-- deux barres\n \\# espace devant"
    )
    article = ArticleFactory(introduction=body, conclusion=body, published=False)
    SectionFactory(article=article, body=body)
    exported = export(article.slug)
    assert "\\## pas un titre\n\\### pas plus\n\\# ni celui-ci\n####### sept dièses\n#mot-dièse\n" in exported
    assert "\\\\\\<!-- deux barres\n" in exported
    move_out_of_the_way(article)
    import_text(tmp_path, exported)
    imported = Article.objects.get(slug=article.slug)
    assert imported.introduction == imported.conclusion == imported.sections.get().body == body


# What an import does to the site.


def test_an_import_replaces_the_working_copy_matching_sections_by_key_and_never_publishes(tmp_path, db):
    article = ArticleWithSectionsFactory()
    live = Revision.objects.live().get(article=article)
    editor = StaffFactory()
    first, second, third, *others = article.sections.all()
    document = article_file.read(export(article.slug))
    _, moved, changed, *rest = document.sections
    edited = replace(changed, body="Un texte revu.")
    new = article_file.FileSection("Une section nouvelle", 2, "Son texte.")
    document = replace(document, sections=(edited, *rest, moved, new))
    summary = import_text(tmp_path, article_file.write(document), "--user", editor.username)
    assert "version de travail remplacée" in summary and "rien n’est publié avant relecture" in summary
    article.refresh_from_db()
    assert article.state == Article.State.DRAFT
    assert Revision.objects.live().get(article=article) == live
    saved = article.revisions.order_by("-number").first()
    assert saved.number == live.number + 1 and saved.created_by == editor
    assert article.events.filter(action=Event.Action.SAVED, user=editor, revision=saved).exists()
    sections = list(article.sections.all())
    assert [s.pk for s in sections[:-1]] == [third.pk, *(s.pk for s in others), second.pk]
    assert sections[0].body == "Un texte revu."
    assert (sections[-1].heading, sections[-1].body) == ("Une section nouvelle", "Son texte.")
    assert not Section.objects.filter(pk=first.pk).exists()


def test_a_new_article_is_a_draft_with_one_saved_revision_signed_by_the_user(tmp_path, db):
    target = ArticleFactory(slug="le-vaccin", published=False)
    editor = StaffFactory()
    text = (
        "---\ntitle: Écrit à la main\nslug: ecrit-a-la-main\n---\n\nIntro.\n\n## Première\n\nTexte.\n\n"
        "<!-- À lire aussi : le-vaccin -->\n\n### Seconde\n"
    )
    summary = import_text(tmp_path, text, "--user", editor.username)
    article = Article.objects.get(slug="ecrit-a-la-main")
    assert summary == (
        "« Écrit à la main » (ecrit-a-la-main) : créé, 2 section(s), version n° 1 enregistrée (brouillon) ; "
        "rien n’est publié avant relecture.\n"
    )
    assert article.state == Article.State.DRAFT and article.version == 1
    assert list(article.revisions.values_list("number", "created_by", "go_live_at")) == [(1, editor.pk, None)]
    assert not Revision.objects.live().filter(article=article).exists()
    first, second = article.sections.all()
    assert (first.heading, first.level, first.body, first.read_also) == ("Première", 2, "Texte.", target)
    assert (second.heading, second.level, second.body, second.read_also) == ("Seconde", 3, "", None)
    assert article.introduction == "Intro." and article.conclusion == ""
    assert article.revisions.get().rendered["sections"][0][2] == "<p>Texte.</p>"


def test_a_file_saved_with_a_byte_order_mark_and_windows_line_ends_is_read(tmp_path, db):
    path = tmp_path / "bloc-notes.md"
    path.write_bytes(b"\xef\xbb\xbf" + (FRONT + "Intro.\n\n## Une\n\nUn.\n\nDeux.\n").replace("\n", "\r\n").encode())
    call_command("import_article", str(path), stdout=io.StringIO())
    article = Article.objects.get(slug="un-article")
    assert (article.title, article.introduction, article.sections.get().body) == (
        "Un article",
        "Intro.",
        "Un.\n\nDeux.",
    )


def test_text_saved_from_the_admin_with_crlf_line_ends_imports_back_as_no_change(tmp_path, db):
    article = ArticleFactory(introduction="  Un.\r\n\r\nDeux.  ", published=False)
    SectionFactory(article=article, body="- a\r\n- b\r\n")
    publish_now(article)
    exported = export(article.slug)
    assert "Un.\n\nDeux.\n\n## " in exported and "\r" not in exported
    assert "rien n’est enregistré" in import_text(tmp_path, exported)
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED and article.revisions.count() == 1


def test_a_live_export_writes_what_readers_see_not_the_working_copy(db):
    article = ArticleWithSectionsFactory()
    article.title = "Un titre pas encore relu"
    article.save()
    assert "title: Un titre pas encore relu\n" in export(article.slug)
    assert "title: La vaccination\n" in export(article.slug, "--live")


def test_a_file_with_the_published_address_of_a_renamed_article_goes_back_to_that_article(tmp_path, db):
    article = ArticleWithSectionsFactory()
    published_slug = article.slug
    article.slug = "nouvelle-adresse"
    article.save()
    exported = export("nouvelle-adresse", "--live")
    assert f"slug: {published_slug}\n" in exported
    count = Article.objects.count()
    import_text(tmp_path, exported)
    article.refresh_from_db()
    assert Article.objects.count() == count
    assert article.slug == published_slug


def test_export_writes_the_file_named_by_output_and_says_so(tmp_path, db):
    article = ArticleFactory(title="Les vaccins", published=False)
    output, out = tmp_path / "vaccins.md", io.StringIO()
    call_command("export_article", article.slug, "--output", str(output), stdout=out)
    assert output.read_text(encoding="utf-8") == export(article.slug)
    assert out.getvalue() == f"« Les vaccins » exporté dans {output}.\n"


# Refusals: in French, and nothing written.


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("## Une section\n", "ne commence pas par un en-tête"),
        ("---\ntitle: Un article\n\n## Une section\n", "n’est pas fermé"),
        ("---\nslug: un-article\n---\n", "ne donne pas le titre"),
        ("---\ntitle: Un article\n---\n", "ne donne pas l’adresse"),
        ("---\ntitle: Un article\nslug: Un article\n---\n", "Ligne 3 : Adresse « Un article » invalide"),
        ("---\ntitle: Un article\nslug: un-article\nauteur: moi\n---\n", "Ligne 4 : Champ inconnu dans l’en-tête : auteur"),
        ("---\ntitle: 2024\nslug: un-article\n---\n",
         'Ligne 2 : « title: » se lit comme un nombre, pas comme un texte : écrivez-le entre guillemets, '
         'par exemple title: "2024".'),
        ("---\ntitle: [Vaccins, ARN]\nslug: un-article\n---\n", "Ligne 2 : « title: » se lit comme une liste"),
        ("---\ntitle: Un article\nslug: un-article\ntitle: Un autre\n---\n",
         "Ligne 4 : « title: » une seconde fois dans l’en-tête."),
        ("---\ntitle: Vaccins : vrai ou faux\nslug: un-article\n---\n", "En-tête illisible (ligne 2)"),
        (FRONT + "# Un article\n", "Ligne 6 : « # » ouvre un titre de niveau 1"),
        (FRONT + "## Une section\n\n#### Trop bas\n", "Ligne 8 : titre de niveau 4"),
        (FRONT + "<!-- Conclusion -->\n\n## Trop tard\n", "section « Trop tard » après « <!-- Conclusion --> »"),
        (FRONT + "<!-- Conclusion -->\n<!-- Conclusion -->\n", "une seconde fois"),
        (FRONT + "<!-- À lire aussi : un-autre -->\n", "ne peut suivre que le titre ou le texte d’une section"),
        (FRONT + "## Une\n<!-- clé : 0f8c3b1e-5a4d-4c1e-9a52-6f0d2b7c9e31 -->\n"
         "## Deux\n<!-- clé : 0f8c3b1e-5a4d-4c1e-9a52-6f0d2b7c9e31 -->\n", "déjà celle d’une autre section"),
        (FRONT + "## Une\n<!-- clé : 42 -->\n", "clé « 42 » illisible"),
        (FRONT + "## Une\n<!-- A lire : un-autre -->\n", "commentaire « <!-- A lire : un-autre --> » non reconnu"),
        (FRONT + "## Une\n<!-- début d’un commentaire\n", "commentaire non reconnu"),
        (FRONT + "## Une\n<!-- À lire aussi : a -->\n<!-- À lire aussi : b -->\n", "au plus un « À lire aussi »"),
        (FRONT + "##   \n", "section sans titre"),
    ],
)  # fmt: skip
def test_a_malformed_file_is_refused_in_french_and_nothing_is_written(tmp_path, db, text, message):
    before = rows()
    with pytest.raises(CommandError, match=re.escape(message)):
        import_text(tmp_path, text)
    assert rows() == before


def test_teasers_to_unknown_articles_are_named_and_nothing_is_written(tmp_path, db):
    article = ArticleWithSectionsFactory()
    exported = export(article.slug)
    teased = list(article.sections.exclude(read_also=None).values_list("read_also__slug", flat=True))
    edited = (
        exported.replace("Ce qu’il faut savoir", "Changé")
        .replace(teased[0], "inconnu-b")
        .replace(teased[1], "inconnu-a")
    )
    before, working_copy = rows(), exported
    with pytest.raises(CommandError) as refusal:
        import_text(tmp_path, edited)
    assert "vers des articles qui n’existent pas sur le site : inconnu-a, inconnu-b. Rien n’a été importé." in str(
        refusal.value
    )
    assert rows() == before
    assert export(article.slug) == working_copy


def test_a_failure_after_the_working_copy_is_written_leaves_it_as_it_was(tmp_path, db, monkeypatch):
    article = ArticleWithSectionsFactory()
    exported = export(article.slug)
    before = rows()

    def failing_snapshot(article, user):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(publishing, "record_save", failing_snapshot)
    with pytest.raises(RuntimeError):
        import_text(tmp_path, exported.replace("Ce qu’il faut savoir", "Changé"))
    assert rows() == before
    assert export(article.slug) == exported


def test_a_teaser_to_the_article_itself_is_refused(tmp_path, db):
    article = ArticleWithSectionsFactory()
    teased = article.sections.exclude(read_also=None).values_list("read_also__slug", flat=True).first()
    with pytest.raises(CommandError, match="renvoie à l’article lui-même"):
        import_text(tmp_path, export(article.slug).replace(teased, article.slug))
    with pytest.raises(CommandError, match="renvoie à l’article lui-même"):
        import_text(tmp_path, FRONT + "## Une\n\n<!-- À lire aussi : un-article -->\n")


def test_an_unknown_user_a_missing_file_and_a_file_not_in_utf8_are_refused(tmp_path, db):
    before = rows()
    with pytest.raises(CommandError, match="Aucun compte « personne »"):
        import_text(tmp_path, FRONT, "--user", "personne")
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_article", str(tmp_path / "absent.md"))
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes(FRONT.replace("Un article", "Écrit").encode("latin-1"))
    with pytest.raises(CommandError, match="n’est pas un fichier texte en UTF-8"):
        call_command("import_article", str(latin1))
    assert rows() == before


def test_exporting_an_unknown_address_or_a_live_version_that_does_not_exist_is_refused(db):
    with pytest.raises(CommandError, match="Aucun article n’a l’adresse « absent »"):
        export("absent")
    draft = ArticleFactory(title="Brouillon", published=False)
    with pytest.raises(CommandError, match="« Brouillon » n’est pas en ligne"):
        export(draft.slug, "--live")
