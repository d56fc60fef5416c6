from django import template
from django.conf import settings
from django.utils import timezone

from articles import review_links
from articles.models import Article

register = template.Library()


@register.inclusion_tag("admin/articles/article/_review_links.html", takes_context=True)
def review_links_panel(context: template.Context, article: Article) -> dict:
    """The article's review links on its admin form: address, author, expiry, state; and the
    buttons to make one and revoke one, for those who may change the article."""
    request, now = context["request"], timezone.now()
    rows = []
    for link in article.review_links.select_related("created_by", "revoked_by", "revision"):
        state = review_links.state(link, now)
        is_open = state == link.State.OPEN
        url = request.build_absolute_uri(review_links.link_path(link)) if is_open else ""
        rows.append({"link": link, "state": state, "is_open": is_open, "url": url})
    return {
        "article": article,
        "rows": rows,
        "can_change": context.get("has_change_permission", False),
        "csrf_token": context.get("csrf_token"),
        "days": settings.REVIEW_LINK_DAYS,
    }
