from django.apps import AppConfig


class SitePagesConfig(AppConfig):
    """What every page shows about the site itself: its name, the health disclaimer and the
    urgency box, and the site's own pages (who we are, legal notice, privacy) linked from the footer."""

    name = "site_pages"
    verbose_name = "Pages et textes du site"
