from django.db import models


class PendingPurge(models.Model):
    """Keys the CDN must still forget: written in the transaction that changed what pages show, so
    a purge is never lost (the server may stop before sending it) and never sent for a change
    rolled back; deleted once the CDN has accepted them (`cdn.purge`)."""

    keys = models.JSONField("clés")
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    attempts = models.PositiveIntegerField("essais", default=0)
    last_error = models.TextField("dernière erreur", blank=True)

    class Meta:
        verbose_name = "purge en attente"
        verbose_name_plural = "purges en attente"
        ordering = ["pk"]

    def __str__(self) -> str:
        return " ".join(self.keys)
