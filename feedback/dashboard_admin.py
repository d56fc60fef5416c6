"""The "Tableau de bord des avis" screens of the admin: the site-wide ranking, one article's
figures, versions and comments to triage, and the figures as CSV.

Reached through the feedback admin's URLs (FeedbackAdmin.get_urls), so they carry the admin's
sign-in, second factor and CSRF checks; reading needs the right to view opinions, triaging the
right to change them (both editorial groups have them).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.models import Article
from feedback import dashboard_csv, insights, personal_data, trend_chart
from feedback.invisible import reveal
from feedback.models import Feedback

PERIODS = {"7": 7, "30": 30, "90": 90, "tout": None}
DEFAULT_PERIOD = "90"
# A page of the ranking: a hundred rows render quickly; the last page holds the least liked.
ARTICLES_PER_PAGE = 100
TRIAGE = {Feedback.Status.DONE: "traité", Feedback.Status.IGNORED: "ignoré"}


def urls(model_admin) -> list:
    def view(route: str, function, name: str):
        wrapped = model_admin.admin_site.admin_view(lambda request, **kwargs: function(model_admin, request, **kwargs))
        return path(route, wrapped, name=name)

    return [
        view("tableau-de-bord/", dashboard, "feedback_dashboard"),
        view("tableau-de-bord/export.csv", export, "feedback_dashboard_export"),
        view("tableau-de-bord/<int:article_id>/", article_page, "feedback_dashboard_article"),
        view("tableau-de-bord/avis/<int:feedback_id>/statut/", triage, "feedback_dashboard_triage"),
    ]


def _context(model_admin, request: HttpRequest, title: str, **context) -> dict:
    return {**model_admin.admin_site.each_context(request), "title": title, "opts": model_admin.model._meta, **context}


def _period(request: HttpRequest) -> str:
    return request.GET.get("periode") if request.GET.get("periode") in PERIODS else DEFAULT_PERIOD


def dashboard(model_admin, request: HttpRequest) -> TemplateResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    period = _period(request)
    site, ranked = insights.site_ranking(PERIODS[period])
    page = Paginator(ranked, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    trend = insights.site_trend()
    windows = [label for _, label in insights.WINDOWS]
    context = _context(
        model_admin,
        request,
        "Tableau de bord des avis",
        period=period,
        period_label=dict(zip(PERIODS, windows, strict=True))[period],
        periods=[(key, label, key == period) for key, label in zip(PERIODS, windows, strict=True)],
        period_index=list(PERIODS).index(period),
        site=site,
        ranked=ranked,
        page=page,
        article_url=reverse("admin:feedback_dashboard_article", args=[0]).removesuffix("0/"),
        prior_weight=insights.PRIOR_WEIGHT,
        trend=trend,
        chart=trend_chart.svg(trend, "tendance-site"),
    )
    return TemplateResponse(request, "admin/feedback/dashboard.html", context)


def export(model_admin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    period = _period(request)
    _, ranked = insights.site_ranking(PERIODS[period])
    response = StreamingHttpResponse(dashboard_csv.rows(ranked), content_type="text/csv; charset=utf-8")
    filename = f"tableau-de-bord-avis-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def article_page(model_admin, request: HttpRequest, article_id: int) -> TemplateResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.only("pk", "title", "slug"), pk=article_id)
    figures = insights.article_figures(article)
    comments = [
        (comment, reveal(personal_data.mask(comment.comment))) for comment in insights.comments_to_triage(article)
    ]
    context = _context(
        model_admin,
        request,
        f"Avis sur « {article.title} »",
        article=article,
        figures=figures,
        all_time=figures.windows[-1][1],
        chart=trend_chart.svg(figures.trend, "tendance-article"),
        comments=comments,
        can_triage=model_admin.has_change_permission(request),
        min_per_side=insights.MIN_PER_SIDE,
    )
    return TemplateResponse(request, "admin/feedback/dashboard_article.html", context)


def triage(model_admin, request: HttpRequest, feedback_id: int) -> HttpResponse:
    """Mark one comment done or ignored from the article's page, then back to it (303)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    feedback = get_object_or_404(Feedback.objects.only("pk", "article_id", "created_at"), pk=feedback_id)
    status = request.POST.get("statut")
    back = reverse("admin:feedback_dashboard_article", args=[feedback.article_id]) + "#a-trier"
    if status not in TRIAGE:
        messages.error(request, "Choisissez « Traité » ou « Ignoré » pour cet avis.")
    else:
        Feedback.objects.filter(pk=feedback.pk).update(status=status)
        messages.success(
            request,
            f"Avis du {timezone.localtime(feedback.created_at):%d/%m/%Y à %H:%M} marqué comme {TRIAGE[status]}.",
        )
    response = HttpResponseRedirect(back)
    response.status_code = 303
    return response
