from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from articles.rendering import render_markdown


def can_preview(user) -> bool:
    """Who may see what readers cannot yet: a draft, and a teaser pointing at one."""
    return user.is_staff


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        return self.filter(status=Article.Status.PUBLISHED)

    def visible_to(self, user) -> "ArticleQuerySet":
        """Staff see drafts too, so they can read a page before it goes public."""
        return self.all() if can_preview(user) else self.published()


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        PUBLISHED = "published", "Publié"

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField(
        "adresse (slug)",
        max_length=200,
        unique=True,
        help_text="La fin de l’adresse de la page : lettres minuscules, chiffres et tirets.",
    )
    introduction = models.TextField(
        "introduction", blank=True, help_text="Premier paragraphe, affiché aussi dans la liste des articles."
    )
    conclusion = models.TextField("conclusion", blank=True)
    # The Markdown above as sanitised HTML, made when the article is saved rather than on every view.
    introduction_html = models.TextField(editable=False, blank=True)
    conclusion_html = models.TextField(editable=False, blank=True)
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "article"
        verbose_name_plural = "articles"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.render_html()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def render_html(self) -> None:
        self.introduction_html = render_markdown(self.introduction)
        self.conclusion_html = render_markdown(self.conclusion)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_visible_to(self, user) -> bool:
        return self.is_published or can_preview(user)


@dataclass(slots=True)
class PageSection:
    """What the article page shows of a section, read as plain values: a model instance per section
    cost more than the query itself on a long article."""

    heading: str
    level: int
    body_html: str
    read_also: Article | None
    anchor: str = ""
    show_teaser: bool = False


class SectionQuerySet(models.QuerySet):
    def for_page(self) -> list[PageSection]:
        rows = self.values_list(
            "heading", "level", "body_html", "read_also_id", "read_also__title", "read_also__slug", "read_also__status"
        )
        return [
            PageSection(
                heading, level, body_html, Article(pk=target, title=title, slug=slug, status=status) if target else None
            )
            for heading, level, body_html, target, title, slug, status in rows
        ]


class Section(models.Model):
    class Level(models.IntegerChoices):
        H2 = 2, "Titre de section (H2)"
        H3 = 3, "Sous-titre (H3)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections", verbose_name="article")
    position = models.PositiveIntegerField("position", default=0, db_index=True)
    heading = models.CharField("titre", max_length=200)
    level = models.PositiveSmallIntegerField("niveau", choices=Level.choices, default=Level.H2)
    body = models.TextField(
        "texte",
        blank=True,
        help_text=(
            "Sans HTML. Un paragraphe par bloc séparé d’une ligne vide ; « - » en début de ligne pour "
            "une liste ; **gras**, *italique*, [texte du lien](https://adresse)."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    read_also = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teased_by",
        verbose_name="« À lire aussi » après cette section",
        help_text="Un autre article du site, présenté après cette section. Masqué tant qu’il n’est pas publié.",
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "section"
        verbose_name_plural = "sections"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args, **kwargs) -> None:
        self.render_html()
        super().save(*args, **kwargs)

    def render_html(self) -> None:
        self.body_html = render_markdown(self.body)

    def clean(self) -> None:
        if self.read_also_id is not None and self.read_also_id == self.article_id:
            raise ValidationError({"read_also": "Choisissez un autre article que celui-ci."})
