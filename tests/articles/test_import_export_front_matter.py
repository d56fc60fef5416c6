"""An article's thématiques and description in its Markdown file's front matter (`export_article`,
`import_article`), and back."""

import re

import pytest
from django.core.management import CommandError

from articles.models import Article, Event, Revision
from tests.articles.article_files import export, import_text
from tests.factories import ArticleFactory, TopicFactory, in_topics, publish_now
from tests.seed import SLUG, seed_article

pytestmark = pytest.mark.django_db


def topic_slugs(article: Article) -> list[str]:
    return list(article.topic_links.values_list("topic__slug", flat=True))


def saved(article: Article) -> tuple[int, int]:
    return article.revisions.count(), article.events.filter(action=Event.Action.SAVED).count()


DESCRIPTION = "L’immunothérapie : comment elle aide le corps à combattre le cancer, pour qui, et ses limites."


@pytest.fixture
def topics() -> dict:
    return {
        slug: TopicFactory(name=name, slug=slug)
        for name, slug in [("Cancers", "cancers"), ("Traitements", "traitements"), ("Vaccination", "vaccination")]
    }


@pytest.fixture
def seed(topics) -> Article:
    """The seed, classed by its editors under « Traitements » first, then « Cancers », with a
    description, and live so."""
    article = in_topics(seed_article(), topics["traitements"], topics["cancers"])
    article.meta_description = DESCRIPTION
    article.save()
    publish_now(article)
    return article


def test_the_description_and_the_topics_in_the_editors_order_follow_the_slug(seed):
    assert export(SLUG).startswith(
        "---\ntitle: L’immunothérapie\nslug: immunotherapie\n"
        f"description: '{DESCRIPTION}'\n"
        "topics:\n- traitements\n- cancers\n---\n"
    )


def test_an_article_without_description_or_topics_writes_neither_field(topics):
    article = ArticleFactory(published=False)
    assert export(article.slug).startswith(f"---\ntitle: {article.title}\nslug: {article.slug}\n---\n")


def test_the_seed_with_its_topics_and_description_imported_over_itself_saves_nothing(tmp_path, seed):
    exported = export(SLUG)
    before = saved(seed)
    assert "rien n’est enregistré" in import_text(tmp_path, exported)
    assert saved(seed) == before
    assert topic_slugs(seed) == ["traitements", "cancers"]
    assert Article.objects.get(pk=seed.pk).meta_description == DESCRIPTION
    assert export(SLUG).encode() == exported.encode()


def test_reordering_the_topics_in_the_file_saves_a_version_in_that_order_and_publishes_nothing(tmp_path, seed):
    live = Revision.objects.live().get(article=seed)
    edited = export(SLUG).replace("- traitements\n- cancers\n", "- cancers\n- vaccination\n- traitements\n")
    assert "version de travail remplacée" in import_text(tmp_path, edited)
    assert topic_slugs(seed) == ["cancers", "vaccination", "traitements"]
    latest = seed.revisions.order_by("-number").first()
    assert latest.number == live.number + 1
    assert latest.content["topics"] == list(seed.topic_links.values_list("topic_id", flat=True))
    assert Revision.objects.live().get(article=seed) == live
    assert "topics:\n- traitements\n- cancers\n---\n" in export(SLUG, "--live")


def test_a_file_without_topics_leaves_the_article_without_topics(tmp_path, seed):
    import_text(tmp_path, export(SLUG).replace("topics:\n- traitements\n- cancers\n", ""))
    assert topic_slugs(seed) == []
    assert seed.revisions.order_by("-number").first().content["topics"] == []


def test_unknown_topics_are_named_and_nothing_is_written(tmp_path, seed):
    before, exported = saved(seed), export(SLUG)
    edited = exported.replace("- cancers\n", "- oncologie\n- allergies\n")
    with pytest.raises(CommandError) as refusal:
        import_text(tmp_path, edited)
    assert str(refusal.value).endswith(
        "Thématiques inconnues sur le site : oncologie, allergies. Créez-les dans l’administration "
        "(Thématiques) ou corrigez l’adresse. Rien n’a été importé."
    )
    assert saved(seed) == before
    assert export(SLUG) == exported


def test_editing_the_description_and_the_topics_order_saves_both_in_one_version(tmp_path, seed):
    live = Revision.objects.live().get(article=seed)
    edited = (
        export(SLUG)
        .replace(f"description: '{DESCRIPTION}'", 'description: "  Immunothérapie : les faits, sans promesse.  "')
        .replace("- traitements\n- cancers\n", "- cancers\n- traitements\n")
    )
    import_text(tmp_path, edited)
    seed.refresh_from_db()
    assert (seed.meta_description, topic_slugs(seed)) == (
        "Immunothérapie : les faits, sans promesse.",
        ["cancers", "traitements"],
    )
    latest = seed.revisions.order_by("-number").first()
    assert latest.number == live.number + 1
    assert latest.content["meta_description"] == "Immunothérapie : les faits, sans promesse."
    assert Revision.objects.live().get(article=seed).content["meta_description"] == DESCRIPTION


def test_a_file_without_description_leaves_the_article_without_one(tmp_path, seed):
    import_text(tmp_path, export(SLUG).replace(f"description: '{DESCRIPTION}'\n", ""))
    seed.refresh_from_db()
    assert seed.meta_description == ""
    assert seed.revisions.order_by("-number").first().content["meta_description"] == ""


def test_a_description_of_160_characters_is_read_and_one_more_is_refused_with_its_length(tmp_path, db):
    front = "---\ntitle: Un article\nslug: un-article\ndescription: {}\n---\n"
    with pytest.raises(CommandError, match=re.escape(
        "Ligne 4 : La description fait 161 caractères : 160 au plus, ce que les moteurs de recherche en montrent."
    )):  # fmt: skip
        import_text(tmp_path, front.format("é" * 161))
    assert not Article.objects.filter(slug="un-article").exists()
    import_text(tmp_path, front.format("é" * 160))
    assert Article.objects.get(slug="un-article").meta_description == "é" * 160


FRONT = "---\ntitle: Un article\nslug: un-article\n"


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("topics: vaccination\n", "Ligne 4 : « topics: » donne la liste des adresses des thématiques"),
        ("topics:\n- vaccination\n- Vaccins et enfants\n",
         "Ligne 4 : « topics: » donne la liste des adresses des thématiques (leur page /themes/<adresse>/), "
         "par exemple topics: [vaccination, cancers] : « Vaccins et enfants » n’est pas une adresse"),
        ("topics: [vaccination, [cancers]]\n", "un élément se lit comme une liste, pas comme une adresse."),
        ("topics:\n- 2024\n", "« 2024 » se lit comme un nombre, pas comme une adresse : écrivez-le entre guillemets."),
        ("topics: [vaccination, cancers, vaccination]\n",
         "Ligne 4 : « vaccination » figure deux fois dans « topics: » : retirez l’une des deux."),
        ("topics: [cancers]\ntopics: [vaccination]\n", "Ligne 5 : « topics: » une seconde fois dans l’en-tête."),
        ("description:\n- Une phrase.\n- Une autre.\n",
         "Ligne 4 : « description: » se lit comme une liste, pas comme un texte : écrivez-le entre guillemets, "
         'par exemple description: "…".'),
        ("description: 2024\n", 'Ligne 4 : « description: » se lit comme un nombre, pas comme un texte : '
         'écrivez-le entre guillemets, par exemple description: "2024".'),
        ("description: |\n  Une ligne.\n  Une autre.\n",
         "Ligne 4 : La description tient sur une ligne, comme les moteurs de recherche la montrent."),
        ("description: Vaccins : vrai ou faux\n", "En-tête illisible (ligne 4)"),
    ],
)  # fmt: skip
def test_a_malformed_field_is_refused_with_its_line(tmp_path, topics, front, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        import_text(tmp_path, FRONT + front + "---\n")
    assert not Article.objects.filter(slug="un-article").exists()
