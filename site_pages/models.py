from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver

from site_pages.rendering import render_page

SITE_NAME = "Infos santé"
PUBLISHER = "[À compléter : nom de l’éditeur]"
DISCLAIMER = "Ces informations ne remplacent pas l’avis d’un professionnel de santé."
URGENCY = "En cas d’urgence, appelez le 15 ou le 112"

# Addresses answered before the URLconf is read (middleware, static files), or only in some set-ups.
ADDRESSES_OUTSIDE_URLCONF = {"healthz", "static", "media", "bench"}


class SiteTexts(models.Model):
    """The texts every page shows. One row: the admin changes it and never adds a second."""

    site_name = models.CharField("nom du site", max_length=60, default=SITE_NAME)
    publisher = models.CharField(
        "éditeur",
        max_length=200,
        default=PUBLISHER,
        help_text="La personne ou l’organisme qui publie le site, comme dans les mentions légales. "
        "Affiché en pied de page.",
    )
    disclaimer = models.CharField(
        "avertissement",
        max_length=300,
        default=DISCLAIMER,
        help_text="Affiché à la fin de chaque article et en pied de page.",
    )
    urgency = models.CharField(
        "encadré « urgence »",
        max_length=200,
        default=URGENCY,
        help_text="Affiché à la fin de chaque article et en pied de page. Les numéros d’urgence "
        "(15, 17, 18, 112, 114, 115, 119, 3114) y deviennent des liens d’appel.",
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "textes du site"
        verbose_name_plural = "textes du site"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="site_texts_single_row")]

    def __str__(self) -> str:
        return "Textes du site"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # a second row is refused by the primary key
        super().save(*args, **kwargs)


def taken_addresses() -> set[str]:
    """The first segment of every address the site already answers (`admin`, `articles`…)."""
    taken = set(ADDRESSES_OUTSIDE_URLCONF) | {settings.STATIC_URL.strip("/").split("/")[0]}
    patterns = list(get_resolver().url_patterns)
    while patterns:
        pattern = patterns.pop()
        first = str(pattern.pattern).lstrip("^").split("/")[0]
        if first and "<" not in first:
            taken.add(first)
        elif not first and isinstance(pattern, URLResolver):
            patterns.extend(pattern.url_patterns)  # an include at the root: its own addresses count
    return taken


def validate_free_address(slug: str) -> None:
    if slug in taken_addresses():
        raise ValidationError(
            "L’adresse /%(slug)s/ est déjà utilisée par le site : choisissez-en une autre.", params={"slug": slug}
        )


class SitePage(models.Model):
    """A page about the site itself, at /<slug>/ and linked from every page's footer."""

    title = models.CharField("titre", max_length=120)
    slug = models.SlugField(
        "adresse",
        max_length=80,
        unique=True,
        validators=[validate_free_address],
        help_text="La page est publiée à l’adresse /adresse/ (lettres minuscules, chiffres et tirets).",
    )
    body = models.TextField(
        "texte",
        help_text="Une ligne vide entre deux paragraphes, « - » pour une liste, **gras**, *italique*, "
        "[texte](https://adresse). Une ligne commençant par « ## » est un intertitre, « ### » un sous-titre.",
    )
    body_html = models.TextField(editable=False, default="")
    footer_position = models.PositiveSmallIntegerField(
        "position dans le pied de page",
        default=0,
        help_text="Les pages sont listées de la plus petite à la plus grande.",
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "page du site"
        verbose_name_plural = "pages du site"
        ordering = ["footer_position", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Rendered once here, like article sections: no page view renders Markdown.
        self.body_html = render_page(self.body)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("site_pages:page", kwargs={"slug": self.slug})

    @property
    def placeholders(self) -> int:
        """How many passages the publisher still has to fill in."""
        return self.body.count("À compléter")
