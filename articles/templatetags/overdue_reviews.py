"""The admin index's line on overdue medical reviews, for staff who may see the articles."""

from django import template

from articles.admin import overdue_reviews

register = template.Library()


@register.inclusion_tag("admin/articles/article/_overdue_reviews.html", takes_context=True)
def overdue_reviews_notice(context: template.Context) -> dict:
    user = context["request"].user
    if not (user.has_perm("articles.view_article") or user.has_perm("articles.change_article")):
        return {"overdue": None}
    return {"overdue": overdue_reviews()}
