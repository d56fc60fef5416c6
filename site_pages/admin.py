"""The site's texts and pages in the admin. They show on every page (footer, end of each
article), so every change, once committed, makes every cached page stale through
`articles.publishing.invalidate_site`, the one place that does that."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from articles import publishing
from site_pages.models import SitePage, SiteTexts


class InvalidatesSite(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        publishing.invalidate_site()

    def delete_model(self, request: HttpRequest, obj) -> None:
        super().delete_model(request, obj)
        publishing.invalidate_site()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        super().delete_queryset(request, queryset)
        publishing.invalidate_site()


@admin.register(SiteTexts)
class SiteTextsAdmin(InvalidatesSite):
    fields = ["site_name", "publisher", "disclaimer", "urgency", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row, made by the migration; only a database emptied by hand lacks it.
        return super().has_add_permission(request) and not SiteTexts.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: SiteTexts | None = None) -> bool:
        return False


@admin.register(SitePage)
class SitePageAdmin(InvalidatesSite):
    list_display = ["title", "slug", "footer_position", "to_complete", "updated_at"]
    list_editable = ["footer_position"]
    fields = ["title", "slug", "footer_position", "body", "updated_at"]
    readonly_fields = ["updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]

    @admin.display(description="passages à compléter")
    def to_complete(self, obj: SitePage) -> int:
        return obj.placeholders
