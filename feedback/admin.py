from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Avg, Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.admin import ArticleAdmin
from articles.models import Article
from feedback import csv_export, dashboard_admin, personal_data, ratings
from feedback.invisible import reveal
from feedback.models import Feedback, RefusedPost


class PersonalDataFilter(admin.SimpleListFilter):
    title = "données personnelles"
    parameter_name = "donnees_personnelles"

    def lookups(self, request, model_admin):
        return [("oui", "Repérées"), ("non", "Aucune")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.exclude(personal_data="")
        if self.value() == "non":
            return queryset.filter(personal_data="")
        return queryset


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article", "rating", "comment_excerpt", "status", "flags"]
    list_display_links = ["created_at"]
    list_filter = ["status", "rating", "spam_reason", PersonalDataFilter, "created_at", "article"]
    list_select_related = ["article"]
    search_fields = ["comment"]
    list_per_page = 50
    # Counting every row of a large table on each page view is what makes admin lists slow.
    show_full_result_count = False
    actions = ["mark_done", "mark_ignored"]
    fields = ["article", "created_at", "rating", "masked_comment", "spam_reason", "personal_data", "status", "note"]
    readonly_fields = ["article", "created_at", "rating", "comment", "masked_comment", "spam_reason", "personal_data"]
    change_list_template = "admin/feedback/feedback/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="commentaire")
    def comment_excerpt(self, obj: Feedback) -> str:
        return Truncator(reveal(personal_data.mask(obj.comment))).chars(120)

    @admin.display(description="commentaire")
    def masked_comment(self, obj: Feedback) -> str:
        return reveal(personal_data.mask(obj.comment))

    @admin.display(description="signalements")
    def flags(self, obj: Feedback) -> str:
        labels = []
        if obj.spam_reason:
            labels.append(f"Indésirable : {obj.get_spam_reason_display().lower()}")
        if obj.personal_data:
            labels.append(f"Données personnelles : {obj.personal_data}")
        return " · ".join(labels) or "—"

    def get_fields(self, request: HttpRequest, obj: Feedback | None = None) -> list[str]:
        """Personal data stay masked unless the editor asks to see them (`?voir=1`)."""
        if request.GET.get("voir") == "1":
            return [("comment" if f == "masked_comment" else f) for f in self.fields]
        return self.fields

    @admin.action(description="Marquer comme traité")
    def mark_done(self, request: HttpRequest, queryset) -> None:
        count = queryset.update(status=Feedback.Status.DONE)
        self.message_user(request, f"{count} avis marqué(s) comme traité(s).", messages.SUCCESS)

    @admin.action(description="Marquer comme ignoré")
    def mark_ignored(self, request: HttpRequest, queryset) -> None:
        count = queryset.update(status=Feedback.Status.IGNORED)
        self.message_user(request, f"{count} avis marqué(s) comme ignoré(s).", messages.SUCCESS)

    def delete_model(self, request: HttpRequest, obj: Feedback) -> None:
        ratings.delete(Feedback.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        ratings.delete(queryset)

    def get_urls(self):
        export = path("export.csv", self.admin_site.admin_view(self.export_csv), name="feedback_feedback_export")
        return [export, *dashboard_admin.urls(self), *super().get_urls()]

    def export_csv(self, request: HttpRequest) -> HttpResponse:
        """The list as filtered on screen (same query string), every page of it."""
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:feedback_feedback_changelist") + "?e=1")
        queryset = changelist.get_queryset(request).select_related("article").iterator(chunk_size=2000)
        filename = f"avis-{timezone.localdate():%Y-%m-%d}.csv"
        response = StreamingHttpResponse(csv_export.rows(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def changelist_view(self, request: HttpRequest, extra_context=None) -> TemplateResponse:
        extra_context = {**(extra_context or {}), "refused": RefusedPost.objects.summary()}
        return super().changelist_view(request, extra_context)


class ArticleWithFeedbackAdmin(ArticleAdmin):
    """The article screen also shows what readers think of it, linking to their feedback."""

    readonly_fields = ["feedback_summary"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, ("Avis des lecteurs", {"fields": ["feedback_summary"]})]

    @admin.display(description="avis")
    def feedback_summary(self, obj: Article) -> str:
        stats = Feedback.objects.filter(article=obj, spam_reason="").aggregate(count=Count("id"), average=Avg("rating"))
        url = reverse("admin:feedback_feedback_changelist") + f"?article__id__exact={obj.pk}"
        if not stats["count"]:
            return format_html('Aucun avis pour l’instant. <a href="{}">Voir la liste</a>', url)
        average = f"{stats['average']:.1f}".replace(".", ",")
        return format_html(
            '{} avis, note moyenne {} / 5. <a href="{}">Lire les avis sur cet article</a>', stats["count"], average, url
        )


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithFeedbackAdmin)
