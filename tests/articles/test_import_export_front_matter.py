"""An article's thématiques in its Markdown file's front matter (`export_article`,
`import_article`), and back."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Event, Revision
from tests.factories import ArticleFactory, TopicFactory, in_topics, publish_now
from tests.seed import SLUG, seed_article

pytestmark = pytest.mark.django_db


def export(slug: str, *options: str) -> str:
    out = io.StringIO()
    call_command("export_article", slug, *options, stdout=out)
    return out.getvalue()


def import_text(tmp_path, text: str) -> str:
    path = tmp_path / "article.md"
    path.write_bytes(text.encode())
    out = io.StringIO()
    call_command("import_article", str(path), stdout=out)
    return out.getvalue()


def topic_slugs(article: Article) -> list[str]:
    return list(article.topic_links.values_list("topic__slug", flat=True))


def saved(article: Article) -> tuple[int, int]:
    return article.revisions.count(), article.events.filter(action=Event.Action.SAVED).count()


@pytest.fixture
def topics() -> dict:
    return {
        slug: TopicFactory(name=name, slug=slug)
        for name, slug in [("Cancers", "cancers"), ("Traitements", "traitements"), ("Vaccination", "vaccination")]
    }


@pytest.fixture
def seed(topics) -> Article:
    """The seed, classed by its editors under « Traitements » first, then « Cancers », and live so."""
    article = in_topics(seed_article(), topics["traitements"], topics["cancers"])
    publish_now(article)
    return article


def test_the_topics_follow_the_slug_in_the_editors_order(seed):
    assert export(SLUG).startswith(
        "---\ntitle: L’immunothérapie\nslug: immunotherapie\ntopics:\n- traitements\n- cancers\n---\n"
    )


def test_an_article_without_topics_writes_no_topics_field(topics):
    article = ArticleFactory(published=False)
    assert "topics" not in export(article.slug)


def test_the_seed_with_its_topics_imported_over_itself_saves_nothing(tmp_path, seed):
    exported = export(SLUG)
    before = saved(seed)
    assert "rien n’est enregistré" in import_text(tmp_path, exported)
    assert saved(seed) == before
    assert topic_slugs(seed) == ["traitements", "cancers"]
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
    ],
)  # fmt: skip
def test_a_malformed_topics_field_is_refused_with_its_line(tmp_path, topics, front, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        import_text(tmp_path, FRONT + front + "---\n")
    assert not Article.objects.filter(slug="un-article").exists()
