from datetime import timedelta
from typing import NamedTuple

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Q, Sum
from django.utils import timezone

from articles.models import Article, Revision

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

    # Readers' opinions outlive an editor's mistake: an article that has some cannot be deleted.
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="feedback", verbose_name="article")
    # The version the reader was reading (see feedback.ratings.revision_read); older opinions were
    # given the version that was live when they arrived. Empty only when none was.
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="version lue"
    )
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
    # Set on an opinion that waited in the spool while the database was down (feedback/spool.py):
    # one replayed twice, or sent twice by its reader, is stored once. NULL, not "", for the
    # others: adding a column with a default would make SQLite copy the whole table.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001

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
            # Partial: most opinions have no key, and SQLite adds it without rebuilding the table.
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="feedback_one_per_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"Avis {self.rating}/5 sur « {self.article} »"

    def validate_constraints(self, exclude: set[str] | None = None) -> None:
        """The rating's range is already checked by its validators, without a query: Django would
        check the constraint again with one (a SELECT per post), which an opinion posted while the
        database is down cannot make (feedback/spool.py). The database still enforces it."""
        super().validate_constraints(exclude={*(exclude or ()), "rating"})


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


class RefusalCount(NamedTuple):
    label: str
    today: int
    last_30_days: int


class RefusedPostQuerySet(models.QuerySet):
    def record(self, reason: "RefusedPost.Reason") -> None:
        """Add one to today's count; one statement, so posts refused at once are all counted."""
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO feedback_refusedpost (day, reason, count) VALUES (%s, %s, 1) "
                "ON CONFLICT (day, reason) DO UPDATE SET count = feedback_refusedpost.count + 1",
                [connection.ops.adapt_datefield_value(timezone.localdate()), reason],
            )

    def summary(self) -> list[RefusalCount]:
        """Today's count shows an attack going on; thirty days show whether the layers are set right."""
        today = timezone.localdate()
        totals = {
            row["reason"]: (row["today"], row["last_30_days"])
            for row in self.filter(day__gt=today - timedelta(days=30))
            .values("reason")
            .annotate(today=Sum("count", filter=Q(day=today), default=0), last_30_days=Sum("count"))
        }
        return [RefusalCount(reason.label, *totals.get(reason, (0, 0))) for reason in RefusedPost.Reason]


class RefusedPost(models.Model):
    """Posts refused without being stored, counted per day and reason so none disappears unseen."""

    class Reason(models.TextChoices):
        RATE_LIMIT = "rate_limit", "Trop d’envois"
        HONEYPOT = "honeypot", "Champ piège rempli"
        TIMER = "timer", "Envoyé trop vite"
        INVALID = "invalid", "Formulaire invalide"

    day = models.DateField("jour")
    reason = models.CharField("motif", max_length=10, choices=Reason.choices)
    count = models.PositiveIntegerField("envois refusés")

    objects = RefusedPostQuerySet.as_manager()

    class Meta:
        verbose_name = "envois refusés"
        verbose_name_plural = "envois refusés"
        constraints = [
            models.UniqueConstraint(fields=["day", "reason"], name="feedback_refusedpost_one_per_day_and_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.count} envoi(s) refusé(s) le {self.day:%d/%m/%Y} : {self.get_reason_display()}"


class DailyRating(models.Model):
    """The opinions (spam left out) on one version of an article received on one day (Paris time),
    counted by rating: what the dashboard reads instead of the opinions themselves.

    Written in the transaction that stores each opinion (feedback.ratings.record), rebuilt from the
    opinions by `manage.py rebuild_feedback_ratings`. The counts are sums: two rows for one key
    would still add up right, so a row with no version (an opinion nothing was live for) is fine.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, on_delete=models.SET_NULL, null=True, related_name="+")
    day = models.DateField("jour")
    count = models.PositiveIntegerField("avis")
    rating_sum = models.PositiveIntegerField("somme des notes")
    rated_1 = models.PositiveIntegerField(default=0)
    rated_2 = models.PositiveIntegerField(default=0)
    rated_3 = models.PositiveIntegerField(default=0)
    rated_4 = models.PositiveIntegerField(default=0)
    rated_5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "avis du jour"
        verbose_name_plural = "avis par jour"
        constraints = [
            models.UniqueConstraint(fields=["article", "revision", "day"], name="feedback_dailyrating_one_per_day"),
        ]
        indexes = [models.Index(fields=["day"], name="feedback_dailyrating_day")]

    def __str__(self) -> str:
        return f"{self.count} avis le {self.day:%d/%m/%Y}"
