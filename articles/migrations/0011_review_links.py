import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import articles.models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_page_needs_html_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="action",
            field=models.CharField(
                choices=[
                    ("saved", "Enregistrement"),
                    ("submitted", "Soumission à la relecture"),
                    ("changes_requested", "Modifications demandées"),
                    ("published", "Approbation et publication"),
                    ("scheduled", "Publication programmée"),
                    ("unpublished", "Dépublication"),
                    ("unpublish_scheduled", "Dépublication programmée"),
                    ("restored", "Restauration d’une version"),
                    ("archived", "Archivage"),
                    ("rerendered", "Mise en page refaite"),
                    ("review_link_created", "Lien de relecture créé"),
                    ("review_link_revoked", "Lien de relecture révoqué"),
                ],
                max_length=30,
                verbose_name="action",
            ),
        ),
        migrations.CreateModel(
            name="ReviewLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="créé le")),
                (
                    "expires_at",
                    models.DateTimeField(default=articles.models.review_link_expiry, verbose_name="expire le"),
                ),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="révoqué le")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="review_links", to="articles.article"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="créé par",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        help_text="La version de travail au moment où le lien a été créé : les modifications suivantes n’y figurent pas.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="review_links",
                        to="articles.revision",
                        verbose_name="version montrée",
                    ),
                ),
                (
                    "revoked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="révoqué par",
                    ),
                ),
            ],
            options={
                "verbose_name": "lien de relecture",
                "verbose_name_plural": "liens de relecture",
                "ordering": ["-created_at", "-id"],
            },
        ),
    ]
