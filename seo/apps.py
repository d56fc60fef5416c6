from django.apps import AppConfig


class SeoConfig(AppConfig):
    """How search engines, link previews and feed readers find the site: robots.txt, the sitemap,
    the Atom feed, and each page's description, canonical address and OpenGraph tags."""

    name = "seo"
    verbose_name = "Référencement"
