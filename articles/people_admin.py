"""Authors and medical reviewers in the admin, and an article's authors on its form.

Readers see a saved person at once: every save or deletion goes through
`articles.publishing.person_changed`, which makes their page and the articles naming them stale.
An article's authors belong to its working copy: changing them saves a new version, which
reaches readers once approved like any other change.
"""

from adminsortable2.admin import CustomInlineFormSet, SortableTabularInline
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from articles import live, photos, publishing
from articles.models import ArticleAuthor, Person


class AuthorFormSet(CustomInlineFormSet):
    def get_unique_error_message(self, unique_check) -> str:
        return "Une même personne figure deux fois parmi les auteurs : retirez l’une des deux lignes."


class AuthorInline(SortableTabularInline):
    model = ArticleAuthor
    formset = AuthorFormSet
    fk_name = "article"
    extra = 0
    fields = ["person"]
    autocomplete_fields = ["person"]
    verbose_name_plural = "Auteurs"


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "slug", "profession", "credentials", "rpps", "bio", "photo", "photo_alt", "user"]
        help_texts = {
            "photo": (
                f"JPEG, PNG ou WebP, {photos.MAX_BYTES // 1024 // 1024} Mo au plus. Elle est enregistrée "
                f"réduite ({photos.MAX_SIDE} pixels au plus), sans ses métadonnées (appareil, lieu, date)."
            )
        }

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):  # a new upload; otherwise the stored photo, or none
            return photos.prepared(photo)
        return photo


IDENTITY_FIELDS = ["name", "slug", "profession", "credentials", "rpps", "bio", "photo", "photo_alt"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonForm
    list_display = ["name", "profession", "user", "written", "reviewed"]
    list_select_related = ["user"]
    search_fields = ["name", "profession", "credentials", "rpps"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "profession", "credentials", "rpps"]}),
        ("Présentation", {"fields": ["bio", "photo", "photo_alt"]}),
        ("Compte d’administration", {"fields": ["user"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Person | None = None) -> list[str]:
        # The account's approvals name this person as the medical reviewer readers trust: only a
        # superuser ties an account to a person, as only a superuser gives the right to approve.
        # For the same reason, who a person linked to an account is (name, profession, titles,
        # photo) is theirs to change, or a superuser's: a colleague cannot rename a reviewer.
        if request.user.is_superuser:
            return []
        if obj is not None and obj.user_id is not None and obj.user_id != request.user.pk:
            return ["user", *IDENTITY_FIELDS]
        return ["user"]

    def get_prepopulated_fields(self, request: HttpRequest, obj: Person | None = None) -> dict:
        return {} if "slug" in self.get_readonly_fields(request, obj) else super().get_prepopulated_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Person | None = None) -> bool:
        # Readers would keep seeing the name, linked to a page that no longer exists.
        if obj is not None and publishing.naming(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="articles en ligne rédigés")
    def written(self, obj: Person) -> int:
        return len(live.live_map().written_by(obj.pk))

    @admin.display(description="articles en ligne relus")
    def reviewed(self, obj: Person) -> int:
        return len(live.live_map().reviewed_by(obj.pk))

    def save_model(self, request: HttpRequest, obj: Person, form, change: bool) -> None:
        replaced = getattr(form.initial.get("photo"), "name", "") if "photo" in form.changed_data else ""
        super().save_model(request, obj, form, change)
        publishing.person_changed(obj)
        if replaced:
            _delete_after_commit(replaced)

    def delete_model(self, request: HttpRequest, obj: Person) -> None:
        publishing.person_changed(obj)  # while it still has its id
        photo = obj.photo.name
        super().delete_model(request, obj)
        if photo:
            _delete_after_commit(photo)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for person in queryset:
            self.delete_model(request, person)


def _delete_after_commit(name: str) -> None:
    """A photo replaced or removed is personal data the site no longer shows: it goes too."""
    storage = Person._meta.get_field("photo").storage
    transaction.on_commit(lambda: storage.delete(name))
