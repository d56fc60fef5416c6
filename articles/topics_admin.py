"""Thématiques in the admin, and an article's topics on its form.

A topic's name, address and description reach readers at once: every save or deletion goes
through `articles.publishing.topic_changed`, which makes its pages, the lists and the articles
showing it stale. Which topics an article belongs to is part of its working copy: changing them
saves a new version, which reaches readers once approved like any other change.
"""

from adminsortable2.admin import CustomInlineFormSet, SortableTabularInline
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from articles import publishing, topics
from articles.models import ArticleTopic, Topic


class TopicFormSet(CustomInlineFormSet):
    def get_unique_error_message(self, unique_check) -> str:
        return "Une même thématique figure deux fois : retirez l’une des deux lignes."


class TopicInline(SortableTabularInline):
    model = ArticleTopic
    formset = TopicFormSet
    fk_name = "article"
    extra = 0
    fields = ["topic"]
    autocomplete_fields = ["topic"]
    verbose_name = "thématique"
    verbose_name_plural = "Thématiques (la première place l’article dans le fil d’Ariane)"


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "live_articles"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description"]

    @admin.display(description="articles en ligne")
    def live_articles(self, obj: Topic) -> int:
        return len(topics.live_articles(obj.pk))

    def save_model(self, request: HttpRequest, obj: Topic, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        publishing.topic_changed(obj.pk)

    def delete_model(self, request: HttpRequest, obj: Topic) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        publishing.topic_changed(pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for topic in queryset:
            self.delete_model(request, topic)
