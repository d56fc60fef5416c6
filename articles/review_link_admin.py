"""Review links in the admin: made and revoked from the article's form, listed read-only.

The buttons post to the two views below, which `ArticleAdmin.get_urls` adds under the article's
address; the panel is `{% review_links_panel %}` (articles/templatetags/review_links.py).
"""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles import review_links
from articles.models import Article, ReviewLink
from articles.read_only_admin import ReadOnlyAdmin


def urls(model_admin: admin.ModelAdmin) -> list:
    view = model_admin.admin_site.admin_view
    return [
        path(
            "<int:pk>/liens-de-relecture/",
            view(partial(create_view, model_admin=model_admin)),
            name="articles_article_review_link_create",
        ),
        path(
            "<int:pk>/liens-de-relecture/<int:link_id>/revoquer/",
            view(partial(revoke_view, model_admin=model_admin)),
            name="articles_article_review_link_revoke",
        ),
    ]


def _changeable(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> Article:
    article = get_object_or_404(Article, pk=pk)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    return article


def _back_to(article: Article) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]) + "#liens-de-relecture")


@require_POST
def create_view(request: HttpRequest, pk: int, *, model_admin: admin.ModelAdmin) -> HttpResponseRedirect:
    article = _changeable(model_admin, request, pk)
    link = review_links.create(article, request.user)
    expires = timezone.localtime(link.expires_at)
    model_admin.message_user(
        request,
        f"Lien de relecture créé : il montre la version n° {link.revision.number} jusqu’au "
        f"{expires:%d/%m/%Y à %H:%M}. Copiez son adresse ci-dessous.",
        messages.SUCCESS,
    )
    return _back_to(article)


@require_POST
def revoke_view(request: HttpRequest, pk: int, link_id: int, *, model_admin: admin.ModelAdmin) -> HttpResponseRedirect:
    article = _changeable(model_admin, request, pk)
    link = get_object_or_404(ReviewLink, pk=link_id, article=article)
    if review_links.revoke(link, request.user):
        model_admin.message_user(request, f"Lien n° {link.pk} révoqué : son adresse ne fonctionne plus.")
    else:
        model_admin.message_user(request, f"Le lien n° {link.pk} était déjà révoqué.", messages.WARNING)
    return _back_to(article)


@admin.register(ReviewLink)
class ReviewLinkAdmin(ReadOnlyAdmin):
    """Every link of every article, to see what is open; made and revoked on the article's form."""

    list_display = ["id", "article", "revision_number", "created_by", "created_at", "expires_at", "state", "revoked_by"]
    list_select_related = ["article", "revision", "created_by", "revoked_by"]
    search_fields = ["article__title"]
    date_hierarchy = "created_at"

    @admin.display(description="version")
    def revision_number(self, link: ReviewLink) -> str:
        return f"n° {link.revision.number}"

    @admin.display(description="état")
    def state(self, link: ReviewLink) -> str:
        return review_links.state(link, timezone.now()).label
