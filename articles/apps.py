import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        post_migrate.connect(_new_code_renders_every_page, sender=self)


def _new_code_renders_every_page(**kwargs) -> None:
    """A deploy runs `migrate`: pages cached by the code before it (its templates, its renderer,
    the HTML a data migration remade) are stale, so every page is made again by the new code."""
    from articles import publishing

    try:
        publishing.invalidate_site()
    except Exception:  # the cache does not answer: a deploy goes on, its pages expire by themselves
        logging.getLogger(__name__).warning("Cache injoignable : les pages en cache n’ont pas été renouvelées.")
