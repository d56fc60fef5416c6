from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django.contrib import admin
from django.utils.html import format_html

from articles.models import Article, Section


class SectionInline(SortableStackedInline):
    model = Section
    fk_name = "article"
    extra = 0
    fields = ["heading", "level", "body", "read_also"]
    autocomplete_fields = ["read_also"]


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, admin.ModelAdmin):
    list_display = ["title", "status", "created_at", "updated_at", "view_on_site_link"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "status"]}),
        ("Texte", {"fields": ["introduction", "conclusion"]}),
    ]
    inlines = [SectionInline]

    @admin.display(description="Sur le site")
    def view_on_site_link(self, obj: Article) -> str:
        label = "Voir sur le site" if obj.is_published else "Prévisualiser"
        return format_html('<a href="{}">{}<span class="visually-hidden"> : {}</span></a>',
                           obj.get_absolute_url(), label, obj.title)  # fmt: skip
