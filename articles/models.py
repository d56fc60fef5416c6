"""Articles as editors write them (the working copy) and as readers read them (revisions).

`Article` and its `Section` rows are the working copy: editors change them in the admin and no
reader ever sees them. Every save that changes something keeps an immutable `Revision`: the
article with its sections and teasers as a JSON document (`content`), who saved it and when.
Publishing gives one revision a live window (`go_live_at` … `ends_at`); `Revision.objects.live()`
is the one "live now" query that every reader page reads. Only `articles.publishing` moves a
revision in or out of that window.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


def can_preview(user) -> bool:
    """Who may see what readers cannot: a working copy, its preview, its history."""
    return user.is_staff


class Person(models.Model):
    """An author or a medical reviewer, as readers see them: on the articles and on their own page.

    A person may be linked to a user account: a reviewer who approves an article in the admin is
    then named on it as its medical reviewer.
    """

    name = models.CharField("nom", max_length=120, help_text="Prénom et nom, par exemple « Dr Claire Martin ».")
    slug = models.SlugField("adresse (slug)", max_length=120, unique=True, help_text="Sa page : /auteurs/<slug>/.")
    profession = models.CharField(
        "profession", max_length=120, help_text="Par exemple « médecin oncologue », « journaliste santé »."
    )
    credentials = models.CharField(
        "titres et diplômes",
        max_length=200,
        blank=True,
        help_text="Par exemple « Docteur en médecine, DES d’oncologie, praticien hospitalier ».",
    )
    rpps = models.CharField(
        "numéro RPPS",
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^\d{11}$", "Le numéro RPPS compte 11 chiffres.")],
        help_text="Facultatif : l’identifiant des professionnels de santé (11 chiffres), vérifiable dans l’annuaire santé.",
    )
    bio = models.TextField(
        "présentation", blank=True, help_text="Quelques phrases : parcours, spécialité, liens d’intérêts."
    )
    photo = models.ImageField("photo", upload_to="personnes/", blank=True)
    photo_alt = models.CharField(
        "description de la photo",
        max_length=200,
        blank=True,
        help_text="Pour les lecteurs qui ne voient pas l’image, par exemple « Claire Martin, souriante, en blouse ».",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name="compte",
        help_text="Le compte d’administration de cette personne : ses approbations la nomment relectrice.",
    )

    class Meta:
        verbose_name = "personne (auteur ou relecteur)"
        verbose_name_plural = "personnes (auteurs et relecteurs)"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.profession}" if self.profession else self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:person", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": "Décrivez la photo pour les lecteurs qui ne la voient pas."})

    def card(self) -> dict:
        """What an article shows of this person, kept with its live version (see publishing)."""
        return {
            "id": self.pk,
            "name": self.name,
            "slug": self.slug,
            "profession": self.profession,
            "credentials": self.credentials,
            "rpps": self.rpps,
        }


class Topic(models.Model):
    """A thématique: readers find the live articles on a subject at /themes/<slug>/.

    A topic's own fields reach readers at once (the admin calls `articles.publishing.topic_changed`);
    which articles belong to it is part of each article's working copy, live once approved.
    """

    name = models.CharField(
        "nom",
        max_length=100,
        unique=True,
        help_text="Par exemple « Vaccination », « Cancers ».",
        error_messages={"unique": "Une thématique porte déjà ce nom."},
    )
    slug = models.SlugField(
        "adresse (slug)",
        max_length=100,
        unique=True,
        help_text="Sa page : /themes/<slug>/.",
        error_messages={"unique": "Une autre thématique a déjà cette adresse."},
    )
    description = models.TextField(
        "description",
        blank=True,
        help_text="Une ou deux phrases, montrées sur la page de la thématique et dans la liste des thématiques.",
    )

    class Meta:
        verbose_name = "thématique"
        verbose_name_plural = "thématiques"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:topic", kwargs={"slug": self.slug})

    def card(self) -> dict:
        """What an article's page shows of this topic (its breadcrumb), kept with its live version."""
        return {"id": self.pk, "name": self.name, "slug": self.slug}


class Article(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        IN_REVIEW = "in_review", "En relecture"
        CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
        PUBLISHED = "published", "Publié"
        ARCHIVED = "archived", "Archivé"

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField(
        "adresse (slug)",
        max_length=200,
        unique=True,
        help_text=(
            "La fin de l’adresse de la page : lettres minuscules, chiffres et tirets. Un changement "
            "prend effet à la publication ; l’ancienne adresse continue de fonctionner."
        ),
    )
    introduction = models.TextField(
        "introduction", blank=True, help_text="Premier paragraphe, affiché aussi dans la liste des articles."
    )
    conclusion = models.TextField("conclusion", blank=True)
    meta_description = models.CharField(
        "description pour les moteurs de recherche",
        max_length=160,
        blank=True,
        help_text=(
            "Le résumé que les moteurs de recherche et les réseaux sociaux montrent sous le titre : une ou "
            "deux phrases, 160 caractères au plus. Vide : le début de l’introduction. Publié avec l’article."
        ),
    )
    state = models.CharField(
        "état", max_length=20, choices=State.choices, default=State.DRAFT, editable=False, db_index=True
    )
    # Moves on at every save of the working copy: a form opened on an older one is out of date.
    version = models.PositiveIntegerField("version de travail", default=0, editable=False)
    # How many save-time content warnings the working copy has (see articles.content_checks).
    warning_count = models.PositiveSmallIntegerField("avertissements", default=0, editable=False)
    submitted_revision = models.ForeignKey(
        "Revision", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    unpublish_at = models.DateTimeField(
        "dépublier le", null=True, blank=True, editable=False, help_text="Fin de publication programmée."
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "article"
        verbose_name_plural = "articles"
        ordering = ["-created_at"]
        permissions = [
            ("submit_article", "Peut soumettre un article à la relecture médicale"),
            ("review_article", "Peut approuver et publier un article, ou demander des modifications"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})


class Section(models.Model):
    class Level(models.IntegerChoices):
        H2 = 2, "Titre de section (H2)"
        H3 = 3, "Sous-titre (H3)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections", verbose_name="article")
    # A section's identity across saves, reordering and restores: how a diff tells moved from new.
    key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
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
    read_also = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teased_by",
        verbose_name="« À lire aussi » après cette section",
        help_text="Un autre article du site, présenté après cette section. Masqué tant qu’il n’est pas publié.",
    )

    class Meta:
        verbose_name = "section"
        verbose_name_plural = "sections"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.heading

    def clean(self) -> None:
        if self.read_also_id is not None and self.read_also_id == self.article_id:
            raise ValidationError({"read_also": "Choisissez un autre article que celui-ci."})


class ArticleAuthor(models.Model):
    """An author of the working copy, in the order readers see them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authorships", verbose_name="auteur")
    position = models.PositiveIntegerField("position", default=0, db_index=True)

    class Meta:
        verbose_name = "auteur"
        verbose_name_plural = "auteurs"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="articles_author_once")]

    def __str__(self) -> str:
        return self.person.name


class ArticleTopic(models.Model):
    """A topic of the working copy; the first one is the article's place in the breadcrumb.

    Named after its article: the admin lists these rows when a topic still chosen cannot be deleted."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="article_links", verbose_name="thématique")
    position = models.PositiveIntegerField("position", default=0, db_index=True)

    class Meta:
        verbose_name = "article classé dans la thématique"
        verbose_name_plural = "articles classés dans la thématique"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "topic"], name="articles_topic_once")]

    def __str__(self) -> str:
        return self.article.title


class Source(models.Model):
    """A source of the working copy, cited in its text as [^1], [^2]… by its place in the list."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    position = models.PositiveIntegerField("position", default=0, db_index=True)
    title = models.CharField("titre", max_length=300)
    organisation = models.CharField(
        "organisme", max_length=200, blank=True, help_text="Par exemple « Haute Autorité de santé », « INCa »."
    )
    url = models.URLField("adresse", max_length=500, blank=True)
    published_on = models.DateField("publiée le", null=True, blank=True)
    consulted_on = models.DateField("consultée le", null=True, blank=True, default=date.today)

    class Meta:
        verbose_name = "source"
        verbose_name_plural = "sources (citées dans le texte par [^1], [^2]…)"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class RevisionQuerySet(models.QuerySet):
    def live(self, now=None) -> "RevisionQuerySet":
        """What readers see now: the revisions whose live window holds this instant (one per
        article at most: publishing never lets two windows of an article overlap)."""
        now = now or timezone.now()
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), go_live_at__lte=now)

    def published(self) -> "RevisionQuerySet":
        """Every revision that was or will be live, in publication order."""
        return self.filter(go_live_at__isnull=False).order_by("go_live_at", "number")


class Revision(models.Model):
    """An immutable snapshot of an article; published, it is what readers read."""

    class State(models.TextChoices):
        SAVED = "saved", "Enregistrée"
        SUBMITTED = "submitted", "Soumise à la relecture"
        SENT_BACK = "sent_back", "Renvoyée au rédacteur"
        PUBLISHED = "published", "Publiée"

    class Scope(models.TextChoices):
        NONE = "", "—"
        COMPLETE = "complete", "Relecture médicale complète"
        MINOR = "minor", "Correction mineure (coquille, lien)"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField("n°")
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField("état", max_length=20, choices=State.choices, default=State.SAVED)
    # {"title", "slug", "introduction", "conclusion", "meta_description", "sections": [{"key", "heading", "level", "body", "read_also"}],
    #  "authors": [person id, …], "topics": [topic id, …], "sources": [{"key", "title", "organisation", "url", "published_on", "consulted_on"}]}
    content = models.JSONField("contenu")
    content_hash = models.CharField(max_length=64)
    # The HTML made from `content` by renderer `renderer`: a cache, rebuilt when the renderer changes.
    renderer = models.PositiveSmallIntegerField(default=0)
    rendered = models.JSONField(default=dict)
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField(max_length=200, db_index=True)
    summary = models.TextField(blank=True)
    # What articles.content_checks found when it was saved: warnings, readability, reading time.
    checks = models.JSONField(default=dict)
    # Publication: the window in which readers see this revision, and who let it out.
    go_live_at = models.DateTimeField("en ligne à partir du", null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField("en ligne jusqu’au", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField("approuvée le", null=True, blank=True)
    review_scope = models.CharField("relecture", max_length=10, choices=Scope.choices, blank=True)
    change_note = models.TextField("note de modification", blank=True)
    substantive = models.BooleanField("modification importante", default=False)
    # Fixed at publication: the dates readers see, so the page needs no other query.
    first_published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updates = models.JSONField(default=list)
    # The last complete medical review, fixed at publication (a minor correction carries it over)
    # or recorded later by a superuser for a review done outside the site.
    reviewer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="relu par"
    )
    reviewed_on = models.DateField("dernière relecture médicale", null=True, blank=True)
    next_review_on = models.DateField("prochaine relecture prévue", null=True, blank=True, db_index=True)
    # The authors' and the reviewer's cards as readers see them ({"authors": [card…], "reviewer":
    # card | None}, see Person.card): a copy kept here so the page needs no other query, refreshed
    # by articles.publishing when a person changes.
    people = models.JSONField(default=dict)
    # Its topics' cards ([Topic.card…], in the editors' order), kept for the same reason and
    # refreshed by articles.publishing when a topic changes.
    topics = models.JSONField(default=list)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = "version"
        verbose_name_plural = "versions"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="articles_revision_number"),
        ]
        indexes = [
            models.Index(fields=["slug", "go_live_at"], name="articles_revision_live_slug"),
            # The live revisions listed from the index alone, never from their (long) rows.
            models.Index(fields=["go_live_at", "ends_at"], name="articles_revision_live_window"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    @property
    def sections(self) -> list[dict]:
        return self.content["sections"]


class Event(models.Model):
    """The audit trail: every transition of an article, who, when, why."""

    class Action(models.TextChoices):
        SAVED = "saved", "Enregistrement"
        SUBMITTED = "submitted", "Soumission à la relecture"
        CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
        PUBLISHED = "published", "Approbation et publication"
        SCHEDULED = "scheduled", "Publication programmée"
        UNPUBLISHED = "unpublished", "Dépublication"
        UNPUBLISH_SCHEDULED = "unpublish_scheduled", "Dépublication programmée"
        RESTORED = "restored", "Restauration d’une version"
        ARCHIVED = "archived", "Archivage"
        RERENDERED = "rerendered", "Mise en page refaite"
        REVIEW_LINK_CREATED = "review_link_created", "Lien de relecture créé"
        REVIEW_LINK_REVOKED = "review_link_revoked", "Lien de relecture révoqué"
        REVIEW_RECORDED = "review_recorded", "Relecture médicale faite hors du site"
        REVIEW_RESCHEDULED = "review_rescheduled", "Prochaine relecture reprogrammée"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="events")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    action = models.CharField("action", max_length=30, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    at = models.DateTimeField("le", default=timezone.now, db_index=True)
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "journal"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.article}"


def review_link_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.REVIEW_LINK_DAYS)


class ReviewLink(models.Model):
    """A link that lets someone without an account (a clinician asked to proofread) read one
    revision, frozen when the link was made, until it expires or is revoked.

    The address carries a signed token naming the link (`articles.review_links`); this row says
    whether it still opens.
    """

    class State(models.TextChoices):
        OPEN = "open", "Valide"
        EXPIRED = "expired", "Expiré"
        REVOKED = "revoked", "Révoqué"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="review_links")
    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        related_name="review_links",
        verbose_name="version montrée",
        help_text="La version de travail au moment où le lien a été créé : les modifications suivantes n’y figurent pas.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="créé par"
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    expires_at = models.DateTimeField("expire le", default=review_link_expiry)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="révoqué par",
    )

    class Meta:
        verbose_name = "lien de relecture"
        verbose_name_plural = "liens de relecture"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Lien de relecture n° {self.pk} — {self.article}"


@dataclass(slots=True)
class PageSection:
    """What the article page shows of a section, read as plain values from a revision."""

    heading: str
    level: int
    body_html: str
    read_also: "Teaser | None" = None
    anchor: str = ""
    show_teaser: bool = False


@dataclass(frozen=True, slots=True)
class Teaser:
    """An "À lire aussi" target, as readers know it (its live title and address)."""

    pk: int
    title: str
    slug: str
    is_published: bool = True

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})


@dataclass(slots=True)
class Page:
    """An article as one page shows it: a live revision, a working copy in preview, a review link."""

    pk: int
    revision_id: int | None
    title: str
    slug: str
    summary: str
    introduction_html: str
    conclusion_html: str
    sections: list[PageSection]
    teaser_targets: list[int] = field(default_factory=list)
    first_published_at: object = None
    updated_at: object = None
    updates: list = field(default_factory=list)
    is_published: bool = True
    # Who wrote it and who checked it, as Person.card() dicts; the last complete medical review.
    authors: list[dict] = field(default_factory=list)
    reviewer: dict | None = None
    reviewed_on: date | None = None
    next_review_on: date | None = None
    sources: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)  # Topic.card() dicts; the first is the breadcrumb's
    # What search engines and link previews show: the editors' description, else the introduction's start.
    description: str = ""

    @property
    def people_ids(self) -> list[int]:
        return [card["id"] for card in (*self.authors, self.reviewer) if card]

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})


def _not_live(now: datetime) -> Q:
    return Q(go_live_at__gt=now) | Q(ends_at__lte=now)


class SearchEntryQuerySet(models.QuerySet):
    def live(self, now: datetime) -> "SearchEntryQuerySet":
        """The entries of the revisions `Revision.objects.live(now)` returns, read from the windows
        copied into the entries: a scheduled one counts from its instant, an ended one no more."""
        return self.exclude(_not_live(now))

    def hidden(self, now: datetime) -> "SearchEntryQuerySet":
        """The entries not live at `now`: scheduled later, or whose window has ended. Few (the index
        holds only live and scheduled revisions, ended ones until the article is written again),
        and listed from the indexes of the two columns alone."""
        return self.filter(_not_live(now))


class SearchEntry(models.Model):
    """What the search finds of one published revision (live, or scheduled to be): its words as
    plain text, written by `articles.search_index` when publishing moves the article, never from
    a working copy.

    The revision's live window is copied here (publishing writes the article's entries again
    whenever it moves a window), so the search keeps the entries live at the time of the request
    without reading the revisions: a scheduled revision is found from its instant on, one whose
    window ended is not found any more, with no job to run at that instant.

    On PostgreSQL, `vector` holds the weighted words (title A, headings B, text C) under a GIN
    index, and `title_headings_vector` those of the title and headings alone: kept in the row
    while the text and the whole vector go to the TOAST table (migration 0025), it tells the
    search's groups apart without reading the whole text's words.
    On SQLite both stay empty and an FTS5 table (`articles_search_fts`, rowid = revision id) holds
    the stems. Both are made in migration 0022.
    """

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, primary_key=True, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    headings = models.TextField(blank=True)
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    title_headings_vector = SearchVectorField(null=True, editable=False)
    go_live_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée de l’index de recherche"
        verbose_name_plural = "entrées de l’index de recherche"
        indexes = [
            # SearchEntryQuerySet.hidden: each side of its "or" read from an index.
            models.Index(fields=["go_live_at"], name="articles_searchentry_starts"),
            models.Index(fields=["ends_at"], name="articles_searchentry_ends"),
        ]

    def __str__(self) -> str:
        return self.title
