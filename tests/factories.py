import factory
from django.contrib.auth import get_user_model

from articles.models import Article, Section


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article de test {n}")
    slug = factory.Sequence(lambda n: f"article-de-test-{n}")
    introduction = "Une introduction claire."
    conclusion = "Une conclusion."
    status = Article.Status.PUBLISHED


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Section {n}")
    level = Section.Level.H2
    body = "Un paragraphe."


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"redacteur{n}")
    is_staff = True
    is_superuser = True
    password = factory.django.Password("motdepasse-de-test")


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "feedback.Feedback"

    article = factory.SubFactory(ArticleFactory)
    rating = 4
    comment = "Article clair, merci."
