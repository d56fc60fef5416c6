from django import template

from site_pages.site_wide import SiteWide, site_wide

register = template.Library()


@register.simple_tag
def site_texts() -> SiteWide:
    """The site's name, texts and footer pages, for the layout: `{% site_texts as site %}`."""
    return site_wide()


@register.inclusion_tag("site_pages/_health_notice.html")
def health_notice() -> dict:
    """The end of every article: the disclaimer, and the box saying whom to call in an emergency."""
    return {"site": site_wide()}
