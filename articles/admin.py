"""The editors' screens: the working copy, its review and publication, its history.

Saving the form saves the working copy only; the buttons under it are the workflow's
transitions, carried out by `articles.publishing`.
"""

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from csp.constants import SELF
from csp.decorators import csp_replace
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_sameorigin

from articles import edit_conflicts, live, publishing, review_due, review_link_admin
from articles.history import comparison_context
from articles.models import Article, Event, Person, Revision, Section, Source
from articles.people_admin import AuthorInline
from articles.read_only_admin import ReadOnlyAdmin
from articles.topics_admin import TopicInline

# What the history screen shows of each revision: its large JSON fields (content, rendered HTML,
# content checks) are never read, whatever fields revisions gain.
HISTORY_FIELDS = (
    "article_id",
    "number",
    "created_at",
    "state",
    "go_live_at",
    "review_scope",
    "change_note",
    "substantive",
    "created_by__username",
    "approved_by__username",
)

# The buttons under the change form, by the name they post, and what they do once the working copy is saved.
SUBMIT, APPROVE, REQUEST_CHANGES, UNPUBLISH, ARCHIVE, RESCHEDULE_REVIEW = (
    "_submit",
    "_approve",
    "_request_changes",
    "_unpublish",
    "_archive",
    "_reschedule_review",
)
TRANSITIONS = (SUBMIT, APPROVE, REQUEST_CHANGES, UNPUBLISH, ARCHIVE, RESCHEDULE_REVIEW)

# The screen widths the preview shows the working copy at (`?largeur=`); the first by default.
PREVIEW_WIDTHS = {"telephone": ("Téléphone", 375), "ordinateur": ("Ordinateur", 1280)}


class SectionInline(SortableStackedInline):
    model = Section
    fk_name = "article"
    extra = 0
    fields = ["heading", "level", "body", "read_also"]
    autocomplete_fields = ["read_also"]
    # Each section folds to one line in the editor (static/js/article_editor.js).
    template = "admin/articles/article/_sections_inline.html"


class SourceInline(SortableTabularInline):
    """The article's sources, in the order readers see them: their place is the number that cites them."""

    model = Source
    fk_name = "article"
    extra = 0
    fields = ["title", "organisation", "url", "published_on", "consulted_on"]
    # An address typed without its scheme (www.has-sante.fr) is taken as https, not http.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    verbose_name_plural = (
        "Sources : citez la source n° N dans le texte par [^N], N étant sa place dans cette liste "
        "([^1] pour la première). Déplacer une source change son numéro."
    )


class ArticleForm(forms.ModelForm):
    """The working copy, and the fields a transition may need (a comment, a scope, a date)."""

    workflow_comment = forms.CharField(
        label="Commentaire",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour le rédacteur quand vous demandez des modifications (obligatoire alors), ou pour le journal.",
    )
    review_scope = forms.ChoiceField(
        label="Relecture",
        required=False,
        choices=[("", "—"), *[(c.value, c.label) for c in Revision.Scope if c.value]],
        help_text="Seule une relecture médicale complète devient la « dernière relecture médicale » de l’article.",
    )
    change_note = forms.CharField(
        label="Note de modification", required=False, help_text="Ce qui a changé, en une phrase, pour les lecteurs."
    )
    substantive = forms.BooleanField(
        label="Modification importante",
        required=False,
        help_text="Affichée aux lecteurs dans « Historique des mises à jour » et date « Mis à jour le ».",
    )
    publish_at = forms.DateTimeField(
        label="Publier le",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Vide : tout de suite.",
    )
    next_review_on = forms.DateField(
        label="Prochaine relecture prévue le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=(
            "Avec une relecture complète : vide = dans un an. Pour l’article en ligne, « Reprogrammer "
            "la relecture » change seulement cette date."
        ),
    )
    unpublish_at = forms.DateTimeField(
        label="Dépublier le",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Vide : tout de suite.",
    )

    # The working copy's version when the page was opened: a form opened before someone else saved
    # would otherwise put the text it shows back over theirs. And the latest snapshot then, to
    # show what they changed (articles.edit_conflicts).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["title", "slug", "introduction", "conclusion", "meta_description"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set when a save is refused because someone else saved since this form was opened.
        self.conflict: edit_conflicts.Conflict | None = None
        self.fields["opened_version"].initial = self.instance.version
        if self.instance.pk and not self.is_bound:
            latest = self.instance.revisions.values_list("number", flat=True).first()
            self.fields["opened_revision"].initial = latest or 0

    def clean(self) -> dict:
        cleaned = super().clean()
        # The whole save is one refusal: this form, its inlines (sections, authors, sources) and
        # the transition its button asks for are checked here, before anything is written.
        if self.instance.pk and cleaned.get("opened_version") != self.instance.version:
            self.conflict = edit_conflicts.since(self.instance, cleaned.get("opened_revision"))
            raise forms.ValidationError(
                "Cet article a changé depuis que vous avez ouvert cette page : rien n’a été enregistré. "
                "Ce qui a changé est montré ci-dessous ; ce que vous avez saisi est resté dans le formulaire."
            )
        slug = cleaned.get("slug")
        if slug and (holder := publishing.address_holder(self.instance, slug, timezone.now())) is not None:
            self.add_error(
                "slug",
                f"Cette adresse est celle de l’article publié « {holder.title} » (il est en ligne ou le sera) : "
                "choisissez-en une autre.",
            )
        return cleaned


class RecordReviewForm(forms.Form):
    reviewer = forms.ModelChoiceField(label="Relu par", queryset=Person.objects.all())
    reviewed_on = forms.DateField(
        label="Date de la relecture", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    next_review_on = forms.DateField(
        label="Prochaine relecture prévue le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Vide : un an après la relecture.",
    )
    comment = forms.CharField(
        label="Comment a-t-elle été faite ?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour le journal, par exemple « relu sur papier lors du comité du 3 mars ».",
    )


class WarningFilter(admin.SimpleListFilter):
    title = "vérifications du contenu"
    parameter_name = "avertissements"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("oui", "Avec avertissements"), ("non", "Sans avertissement")]

    def queryset(self, request: HttpRequest, queryset):
        if self.value() == "oui":
            return queryset.filter(warning_count__gt=0)
        if self.value() == "non":
            return queryset.filter(warning_count=0)
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    """Live articles whose medical review is overdue or up to date (articles.review_due)."""

    title = "relecture médicale"
    parameter_name = "relecture"
    OVERDUE, UP_TO_DATE = "en-retard", "a-jour"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(self.OVERDUE, "En retard"), (self.UP_TO_DATE, "À jour")]

    def queryset(self, request: HttpRequest, queryset):
        if self.value() == self.OVERDUE:
            return queryset.filter(**{review_due.OVERDUE: True})
        if self.value() == self.UP_TO_DATE:
            return queryset.filter(**{review_due.LIVE: True, review_due.OVERDUE: False})
        return queryset


def overdue_reviews() -> dict:
    """What the article list and the admin index say of overdue medical reviews: how many (one
    query) and the address of the list filtered on them."""
    url = reverse("admin:articles_article_changelist") + f"?{ReviewDueFilter.parameter_name}={ReviewDueFilter.OVERDUE}"
    return {"count": review_due.overdue().count(), "url": url}


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "state", "warnings", "live_since", "review", "updated_at", "view_on_site_link"]
    list_filter = ["state", WarningFilter, ReviewDueFilter]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["title", "slug"]}),
        (
            "Texte",
            {
                "fields": ["introduction", "conclusion", "meta_description"],
                "description": "Pour citer une source de la liste « Sources » (en bas de page), écrivez [^N] "
                "juste après l’affirmation qu’elle appuie : [^1] pour la première source, [^2] pour la deuxième…",
            },
        ),
    ]
    inlines = [AuthorInline, TopicInline, SectionInline, SourceInline]
    actions = ["archive_selected"]
    change_form_template = "admin/articles/article/change_form.html"

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return False  # an article is archived instead: its revisions, opinions and journal stay

    def get_queryset(self, request: HttpRequest):
        return review_due.annotate(super().get_queryset(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field=None) -> Article | None:
        """On a save, the article locked until the save ends (PostgreSQL): two saves sent at the
        same moment are checked one after the other, so the second sees the first's version."""
        if request.method != "POST":
            return super().get_object(request, object_id, from_field)
        queryset, field = Article.objects.select_for_update(), Article._meta.pk
        if from_field is not None:
            field = Article._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (Article.DoesNotExist, ValidationError, ValueError):
            return None

    def changelist_view(self, request: HttpRequest, extra_context=None) -> TemplateResponse:
        return super().changelist_view(request, {**(extra_context or {}), "overdue_reviews": overdue_reviews()})

    @admin.display(description="avertissements", ordering="warning_count")
    def warnings(self, obj: Article) -> int:
        return obj.warning_count

    @admin.display(description="en ligne depuis")
    def live_since(self, obj: Article):
        entry = live.live_map().by_pk.get(obj.pk)
        return entry.first_published_at if entry else "—"

    @admin.display(description="relecture médicale", ordering=review_due.NEXT_REVIEW_ON)
    def review(self, obj: Article) -> str:
        """Said in words, never by a colour alone: « En retard : … », « Prévue le … »."""
        if not getattr(obj, review_due.LIVE):
            return "—"
        text = review_due.describe(getattr(obj, review_due.REVIEWER), getattr(obj, review_due.NEXT_REVIEW_ON))
        if getattr(obj, review_due.OVERDUE):
            return format_html("<strong>En retard : {}</strong>", text)
        return text[0].upper() + text[1:]

    @admin.display(description="Sur le site")
    def view_on_site_link(self, obj: Article) -> str:
        preview = reverse("admin:articles_article_preview", args=[obj.pk])
        if obj.pk in live.article_ids():
            return format_html('<a href="{}">Voir en ligne<span class="visually-hidden"> : {}</span></a>',
                               obj.get_absolute_url(), obj.title)  # fmt: skip
        return format_html('<a href="{}">Aperçu<span class="visually-hidden"> : {}</span></a>', preview, obj.title)

    @admin.action(description="Archiver (dépublier, garder l’historique et les avis)")
    def archive_selected(self, request: HttpRequest, queryset) -> None:
        for article in queryset:
            publishing.archive(article, request.user)
        self.message_user(request, f"{queryset.count()} article(s) archivé(s).", messages.SUCCESS)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/apercu/", view(self.preview_view), name="articles_article_preview"),
            path("<int:pk>/apercu/contenu/", view(self.preview_content_view), name="articles_article_preview_content"),
            path("<int:pk>/comparer/", view(self.compare_view), name="articles_article_compare"),
            path("<int:pk>/versions/<int:number>/restaurer/", view(self.restore_view), name="articles_article_restore"),
            path("<int:pk>/relecture-hors-site/", view(self.record_review_view), name="articles_article_record_review"),
            *review_link_admin.urls(self),
            *super().get_urls(),
        ]

    # Saving: the working copy first, then the transition the button asked for.

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        article = form.instance
        try:
            publishing.record_save(article, request.user)
            self._transition(request, article, form.cleaned_data)
        except publishing.WorkflowError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)

    def _transition(self, request: HttpRequest, article: Article, data: dict) -> None:
        comment = data.get("workflow_comment", "")
        if SUBMIT in request.POST:
            publishing.submit(article, request.user, comment)
            self.message_user(request, "Article soumis à la relecture médicale.", messages.SUCCESS)
        elif APPROVE in request.POST:
            approval = publishing.Approval(
                scope=data.get("review_scope", ""),
                change_note=data.get("change_note", ""),
                substantive=data.get("substantive", False),
                go_live_at=data.get("publish_at"),
                next_review_on=data.get("next_review_on"),
            )
            revision = publishing.approve_and_publish(article, request.user, approval)
            when = timezone.localtime(revision.go_live_at)
            self.message_user(request, f"Version n° {revision.number} approuvée : en ligne le {when:%d/%m/%Y à %H:%M}.")
        elif REQUEST_CHANGES in request.POST:
            publishing.request_changes(article, request.user, comment)
            self.message_user(request, "Modifications demandées au rédacteur.", messages.WARNING)
        elif UNPUBLISH in request.POST:
            self._require_review(request)
            publishing.unpublish(article, request.user, data.get("unpublish_at"), comment)
            self.message_user(request, "Dépublication enregistrée.", messages.WARNING)
        elif ARCHIVE in request.POST:
            self._require_review(request)
            publishing.archive(article, request.user)
            self.message_user(request, "Article archivé.", messages.WARNING)
        elif RESCHEDULE_REVIEW in request.POST:
            if data.get("next_review_on") is None:
                raise publishing.WorkflowError("Choisissez la date de la prochaine relecture.")
            publishing.reschedule_review(article, request.user, data["next_review_on"], comment)
            self.message_user(request, f"Prochaine relecture prévue le {data['next_review_on']:%d/%m/%Y}.")

    def _require_review(self, request: HttpRequest) -> None:
        if not publishing.can_review(request.user):
            raise publishing.WorkflowError("Seul un relecteur médical peut dépublier ou archiver un article.")

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        if any(name in request.POST for name in TRANSITIONS):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def render_change_form(self, request: HttpRequest, context: dict, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._workflow_context(request, obj))
        # The article's outline takes the side of the screen (static/js/article_editor.js): the
        # form keeps the width its fields need, and the breadcrumbs lead back to the lists.
        context["is_nav_sidebar_enabled"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_context(self, request: HttpRequest, article: Article) -> dict:
        live_revision = (
            Revision.objects.live().filter(article=article).select_related("approved_by", "reviewer").first()
        )
        scheduled = article.revisions.filter(go_live_at__gt=timezone.now()).first()
        latest = article.revisions.only("number", "checks").first()
        return {
            "checks": latest.checks if latest else None,
            "workflow": {
                "live": live_revision,
                "scheduled": scheduled,
                "submitted": article.submitted_revision,
                "can_submit": publishing.can_submit(request.user),
                "can_review": publishing.can_review(request.user),
                "edited_by_me": request.user.pk in publishing.editors_since_publication(article),
                "events": article.events.select_related("user", "revision")[:30],
            },
        }

    # History, comparison, restore, preview.

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None) -> TemplateResponse:
        article = self._article(request, object_id)
        rows = article.revisions.select_related("created_by", "approved_by").only(*HISTORY_FIELDS)
        context = self._screen(
            request,
            article,
            f"Historique : {article.title}",
            revisions=rows,
            can_restore=self.has_change_permission(request, article),
        )
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def compare_view(self, request: HttpRequest, pk: int) -> TemplateResponse:
        article = self._article(request, pk)
        context = self._screen(
            request, article, **comparison_context(article, request.GET.get("de"), request.GET.get("a"))
        )
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        article = self._article(request, pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(Revision, article=article, number=number)
        if request.method == "POST":
            publishing.restore(article, revision, request.user)
            self.message_user(
                request,
                f"La version n° {number} est copiée dans la version de travail. "
                "Elle sera en ligne une fois soumise, approuvée et publiée.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))
        context = self._screen(request, article, f"Restaurer la version n° {number}", revision=revision)
        return TemplateResponse(request, "admin/articles/article/restore.html", context)

    def record_review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A superuser records a complete medical review done outside the site (see publishing.record_review)."""
        article = self._article(request, pk)
        if not request.user.is_superuser:
            raise PermissionDenied
        form = RecordReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                publishing.record_review(
                    article,
                    request.user,
                    data["reviewer"],
                    data["reviewed_on"],
                    data["next_review_on"],
                    data["comment"],
                )
            except publishing.WorkflowError as refusal:
                form.add_error(None, str(refusal))
            else:
                self.message_user(request, "Relecture médicale enregistrée : les lecteurs la voient.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))
        context = self._screen(request, article, f"Relecture faite hors du site : {article.title}", form=form)
        return TemplateResponse(request, "admin/articles/article/record_review.html", context)

    @csp_replace({"frame-src": [SELF]})
    def preview_view(self, request: HttpRequest, pk: int) -> TemplateResponse:
        """The working copy in a frame as wide as a phone's screen or a computer's, chosen by a link."""
        article = self._article(request, pk)
        chosen = request.GET.get("largeur")
        chosen = chosen if chosen in PREVIEW_WIDTHS else next(iter(PREVIEW_WIDTHS))
        widths = [{"key": key, "label": label, "pixels": pixels} for key, (label, pixels) in PREVIEW_WIDTHS.items()]
        context = self._screen(
            request,
            article,
            f"Aperçu : {article.title}",
            widths=widths,
            width=next(w for w in widths if w["key"] == chosen),
            content_url=reverse("admin:articles_article_preview_content", args=[article.pk]),
        )
        return TemplateResponse(request, "admin/articles/article/preview.html", context)

    # The one response the site lets be framed, and only by its own pages: the preview's frame.
    @xframe_options_sameorigin
    @csp_replace({"frame-ancestors": [SELF]})
    def preview_content_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        from articles.views import render_preview

        article = self._article(request, pk)
        return render_preview(request, article, banner="Aperçu de la version de travail (non publiée).")

    def _screen(self, request: HttpRequest, article: Article, title: str | None = None, **extra) -> dict:
        """The context of one of the article's own admin screens, in the admin's layout."""
        context = {**self.admin_site.each_context(request), "opts": self.opts, "article": article, **extra}
        if title is not None:
            context["title"] = title
        return context

    def _article(self, request: HttpRequest, pk) -> Article:
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["at", "article", "action", "user", "comment"]
    list_filter = ["action"]
    list_select_related = ["article", "user"]
    search_fields = ["article__title", "comment"]
