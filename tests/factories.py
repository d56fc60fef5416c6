import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import publishing, revisions
from articles.models import Article, ArticleTopic, Person, Revision, Section, Source, Topic
from articles.roles import REVIEWERS_GROUP
from site_pages.models import SitePage

STAFF_PASSWORD = "motdepasse-de-test"

# What ArticleWithSectionsFactory writes: each H2 section with its H3 subsections, in page order.
OUTLINE = (
    ("Qu’est-ce que la vaccination ?", ("Le principe", "Une protection collective")),
    ("Les différents vaccins", ("Les vaccins vivants atténués", "Les vaccins inactivés", "Les vaccins à ARN")),
    ("Le calendrier des vaccins", ("Chez l’enfant", "Chez l’adulte")),
    ("Les effets indésirables", ("Les plus fréquents", "Quand consulter ?")),
)
H2S = [h2 for h2, _ in OUTLINE]
H3S = [h3 for _, h3s in OUTLINE for h3 in h3s]
TEASED = 2  # the first TEASED H2 sections end with an "À lire aussi" teaser to a draft article


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article de test {n}")
    slug = factory.Sequence(lambda n: f"article-de-test-{n}")
    introduction = "Une introduction claire."
    conclusion = "Une conclusion."

    @factory.post_generation
    def published(article: Article, create: bool, extracted, **kwargs) -> None:
        """Live unless `published=False`: see publish_now()."""
        if create and extracted is not False:
            publish_now(article)


def publish_now(article: Article) -> Revision:
    """Put the working copy live at once, through the publishing module's own steps but without
    the submission and approval, for tests about what readers see (the workflow itself is tested
    through `articles.publishing`)."""
    revision = revisions.snapshot(article, None) or revisions.latest(article)
    now = timezone.now()
    publishing._publish(article, revision, now, now)
    revision.review_scope, revision.substantive = Revision.Scope.COMPLETE, True
    publishing._dates(article, revision, now)
    publishing._review(article, revision, now)
    revision.people = publishing.people_cards(revision)
    revision.topics = publishing.topic_cards(revision)
    revision.save()
    Article.objects.filter(pk=article.pk).update(state=Article.State.PUBLISHED)
    article.state = Article.State.PUBLISHED
    publishing.invalidate_article(article.pk)
    return revision


class PersonFactory(factory.django.DjangoModelFactory):
    """An author or a medical reviewer, with no account unless given `user`."""

    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Dr Claire Martin {n}")
    slug = factory.Sequence(lambda n: f"claire-martin-{n}")
    profession = "médecin oncologue"
    credentials = "Docteur en médecine, DES d’oncologie"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Thématique {n}")
    slug = factory.Sequence(lambda n: f"thematique-{n}")
    description = "Les articles sur ce sujet."


def in_topics(article: Article, *topics: Topic) -> Article:
    """Put the article's working copy in these topics, in this order (publish it to show readers)."""
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic=topic, position=position) for position, topic in enumerate(topics, 1)
    )
    return article


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Section {n}")
    level = Section.Level.H2
    body = "Un paragraphe."


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    article = factory.SubFactory(ArticleFactory, published=False)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Rapport sur la vaccination n° {n}")
    organisation = "Haute Autorité de santé"
    url = factory.Sequence(lambda n: f"https://www.has-sante.fr/rapport-{n}")
    published_on = datetime.date(2023, 3, 1)
    consulted_on = datetime.date(2024, 11, 12)


class ArticleWithSectionsFactory(ArticleFactory):
    """A published article laid out like the site's: the H2 and H3 sections of OUTLINE (H2s without
    text), teasers to draft articles, a conclusion."""

    class Meta:
        skip_postgeneration_save = True

    title = "La vaccination"
    slug = factory.Sequence(lambda n: f"la-vaccination-{n}")
    introduction = "La vaccination apprend au système immunitaire à reconnaître un microbe avant de le rencontrer."
    conclusion = "Se faire vacciner protège chacun et, par ricochet, ceux qui ne peuvent pas l’être."

    @factory.post_generation
    def published(article: Article, create: bool, extracted, **kwargs) -> None:
        if not create:
            return
        position = 0
        for number, (h2, h3s) in enumerate(OUTLINE):
            position += 1
            SectionFactory(article=article, position=position, heading=h2, body="")
            for h3 in h3s:
                position += 1
                teaser = number < TEASED and h3 == h3s[-1]
                SectionFactory(
                    article=article,
                    position=position,
                    heading=h3,
                    level=Section.Level.H3,
                    body=f"Ce qu’il faut savoir sur « {h3} », en quelques phrases simples.",
                    read_also=ArticleFactory(published=False) if teaser else None,
                )
        if extracted is not False:
            publish_now(article)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"redacteur{n}")
    is_staff = True
    is_superuser = True
    password = factory.django.Password(STAFF_PASSWORD)


class WriterFactory(StaffFactory):
    """Staff who writes articles: no superuser, in no reviewers' group."""

    username = factory.Sequence(lambda n: f"auteur{n}")
    is_superuser = False


class ReviewerFactory(WriterFactory):
    """A member of the medical reviewers' group (the articles' migration makes it; a test that
    flushes the database does not keep it)."""

    username = factory.Sequence(lambda n: f"relecteur{n}")

    @factory.post_generation
    def reviewers_group(user, create: bool, extracted, **kwargs) -> None:
        if create:
            user.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])

    @factory.post_generation
    def person(user, create: bool, extracted, **kwargs) -> None:
        """The reviewer's record, which readers see on the articles they approve (`person=False`: none)."""
        if create and extracted is not False:
            PersonFactory(user=user, name=f"Dr {user.username.capitalize()}", slug=user.username)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """An authenticator app set up and confirmed (its key random, as django-otp makes it)."""

    class Meta:
        model = "otp_totp.TOTPDevice"

    user = factory.SubFactory(StaffFactory)
    name = "Application d’authentification"
    confirmed = True


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.Feedback"

    article = factory.SubFactory(ArticleFactory)
    rating = 4
    comment = "Article clair, merci."


class SitePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SitePage

    title = factory.Sequence(lambda n: f"Page du site {n}")
    slug = factory.Sequence(lambda n: f"page-du-site-{n}")
    body = "Un paragraphe.\n\n## Un intertitre\n\nUn autre paragraphe."
    footer_position = factory.Sequence(lambda n: 10 + n)
