from django import template

from site_pages.site_wide import SiteWide, site_wide

register = template.Library()


@register.simple_tag
def site_texts() -> SiteWide:
    """The site's name, texts and footer pages, for the layout: `{% site_texts as site %}`."""
    return site_wide()
