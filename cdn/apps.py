from django.apps import AppConfig


class CdnConfig(AppConfig):
    """Behind a CDN: what a shared cache may keep of a response, and the purge of what changed."""

    name = "cdn"
    verbose_name = "Cache partagé (CDN)"
