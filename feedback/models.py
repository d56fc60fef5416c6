from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from articles.models import Article

COMMENT_MAX_LENGTH = 1000


class Feedback(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "Nouveau"
        DONE = "done", "Traité"
        IGNORED = "ignored", "Ignoré"

    class SpamReason(models.TextChoices):
        NONE = "", "Non"
        HONEYPOT = "honeypot", "Champ piège rempli"
        TIMER = "timer", "Envoyé trop vite"
        DUPLICATE = "duplicate", "Doublon"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback", verbose_name="article")
    rating = models.PositiveSmallIntegerField(
        "note", validators=[MinValueValidator(1), MaxValueValidator(5)], choices=[(n, f"{n}/5") for n in range(1, 6)]
    )
    comment = models.TextField("commentaire", max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField("reçu le", auto_now_add=True, db_index=True)
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.NEW)
    note = models.TextField("note interne", blank=True, help_text="Visible seulement par l’équipe éditoriale.")
    spam_reason = models.CharField(
        "indésirable", max_length=10, choices=SpamReason.choices, default=SpamReason.NONE, blank=True
    )
    personal_data = models.CharField(
        "données personnelles",
        max_length=60,
        blank=True,
        help_text="Types de données personnelles repérées dans le commentaire.",
    )

    class Meta:
        verbose_name = "avis"
        verbose_name_plural = "avis"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["article", "-created_at"], name="feedback_article_recent"),
            models.Index(fields=["status", "-created_at"], name="feedback_status_recent"),
            models.Index(fields=["rating"], name="feedback_rating"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Avis {self.rating}/5 sur « {self.article} »"

    @property
    def is_spam(self) -> bool:
        return bool(self.spam_reason)


class PostCount(models.Model):
    """Posts from one client (a keyed hash of its address) in one rate-limit window.

    Kept in the database on a laptop because the file cache culls entries when full and can be
    cleared; with Redis configured the count lives in Redis instead (see feedback/limits.py).
    """

    client = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField(db_index=True)
    posts = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "window_start"], name="feedback_postcount_one_per_window"),
        ]

    def __str__(self) -> str:
        return f"{self.posts} envoi(s) depuis {self.window_start:%H:%M:%S}"


class LastComment(models.Model):
    """A fingerprint of a client's last comment on an article, for the duplicate check.

    In the database on a laptop for the same reason as PostCount; in Redis when it is configured.
    """

    client = models.CharField(max_length=64)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)
    # Set by the statement that records a comment: whether it repeated the one before it.
    repeated = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "article"], name="feedback_lastcomment_one_per_article"),
        ]

    def __str__(self) -> str:
        return f"Dernier commentaire, retenu jusqu’à {self.expires_at:%H:%M:%S}"
