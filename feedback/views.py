import logging
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from articles import live
from articles.models import Page
from articles.views import render_article
from feedback import limits, personal_data, ratings, spam, spool
from feedback.forms import FeedbackForm
from feedback.models import Feedback, RefusedPost
from feedback.origin import is_same_origin
from feedback.sent import mark_sent
from operations import outages
from operations.database import UNAVAILABLE, is_outage

logger = logging.getLogger(__name__)

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
CROSS_SITE = "Envoi refusé : ce formulaire ne peut être envoyé que depuis les pages de ce site."
WRONG_METHOD = "Cette adresse reçoit seulement les avis envoyés avec le formulaire en bas de chaque article."
NOT_A_FORM_POST = "Envoi refusé : ce formulaire n’accepte que du texte, sans fichier joint."
NOT_PUBLISHED = "Cet article n’est pas ou plus publié : votre avis ne peut pas être envoyé."
THANKS = "Merci pour votre retour."
NOT_SPOOLED = (
    "Votre avis n’a pas pu être enregistré pour le moment. Votre texte est conservé ci-dessous : "
    "réessayez dans quelques minutes."
)
SPOOL_RETRY_AFTER_SECONDS = 60
TOO_MANY = (
    "Vous avez envoyé beaucoup d’avis en peu de temps. Votre texte est conservé ci-dessous : "
    "réessayez dans quelques minutes."
)


@csrf_exempt  # Cross-site posts are refused by is_same_origin(), see feedback/origin.py.
@never_cache
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        response = HttpResponse(WRONG_METHOD, status=405, content_type="text/plain; charset=utf-8")
        response["Allow"] = "POST"
        return response
    if not is_same_origin(request):
        return _plain_or_json(request, CROSS_SITE, status=403)
    if request.content_type != FORM_CONTENT_TYPE:
        # Decided on the header alone: a multipart body (files included) is never read nor spooled.
        return _plain_or_json(request, NOT_A_FORM_POST, status=415)
    if not outages.should_try(outages.DATABASE):
        return _without_database(request, slug)
    try:
        response = _submit(request, slug)
    except UNAVAILABLE as error:  # anywhere: the article, the version read, the rate limit, the save
        if not is_outage(error):
            raise
        outages.failed(outages.DATABASE, error)
        return _without_database(request, slug)
    spool.replay_if_pending()  # the database answers: what waited for it is stored
    return response


def _submit(request: HttpRequest, slug: str) -> HttpResponse:
    # A page opened before its article was renamed posts to the old address: a redirect would
    # lose the opinion (a 301 makes the post a GET), so the opinion goes to the article it names.
    article = live.page_at_any_address(slug)
    if article is None:
        if _wants_json(request):
            return _plain_or_json(request, NOT_PUBLISHED, status=404)
        raise Http404(NOT_PUBLISHED)
    form = FeedbackForm(request.POST)
    client = spam.client_key(request)

    bot_reason = _bot_reason(request, form)
    if bot_reason:
        # A bot is answered as a person would be, so it learns nothing; what it sent is kept.
        if form.is_valid() and not limits.over_rate_limit(client):
            _save(request, form, article, spam_reason=bot_reason)
        else:
            _count_refused(RefusedPost.Reason(bot_reason))
        return _thanks(request, article)
    if not form.is_valid():
        _count_refused(RefusedPost.Reason.INVALID)
        return _form_again(request, article, form, status=400)
    if limits.over_rate_limit(client):
        _count_refused(RefusedPost.Reason.RATE_LIMIT)
        return _form_again(request, article, form, status=429, refusal=TOO_MANY)
    duplicate = limits.is_duplicate(client, article.pk, form.cleaned_data["comment"])
    _save(request, form, article, spam_reason=Feedback.SpamReason.DUPLICATE if duplicate else "")
    return _thanks(request, article)


def _bot_reason(request: HttpRequest, form: FeedbackForm) -> str:
    if form.is_honeypot_filled:
        return Feedback.SpamReason.HONEYPOT
    if spam.failed_timer(request.POST.get("shown_at")):
        return Feedback.SpamReason.TIMER
    return ""


def _count_refused(reason: RefusedPost.Reason) -> None:
    RefusedPost.objects.record(reason)
    logger.warning("feedback refused: %s", reason)


def _save(request: HttpRequest, form: FeedbackForm, article: Page, spam_reason: str) -> Feedback:
    feedback = form.save(commit=False)
    feedback.article_id = article.pk
    feedback.revision_id = ratings.revision_read(article.pk, article.revision_id, request.POST.get(ratings.FIELD))
    feedback.spam_reason = spam_reason
    feedback.personal_data = ", ".join(personal_data.kinds_found(feedback.comment))
    return ratings.store(feedback)


@dataclass(frozen=True)
class PostedTo:
    """The article a post names, as far as it can be told without the database: the address it
    was posted to, and the version its form says was read."""

    slug: str
    revision_id: str | None

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})


def _without_database(request: HttpRequest, slug: str) -> HttpResponse:
    """The database does not answer: the opinion goes through the rules that need none (the form,
    the honeypot, the timer, personal data, the rate limit when Redis counts it), then waits in
    the spool until the database answers (feedback/spool.py). The reader is thanked only once it
    is on disk; if it cannot be written, they get their text back with a 503."""
    form = FeedbackForm(request.POST)
    version = request.POST.get(ratings.FIELD) or ""
    posted_to = PostedTo(slug, version if version.isdigit() and len(version) <= 18 else None)
    bot_reason = _bot_reason(request, form)
    if not form.is_valid():
        return _spooled_thanks(request, posted_to) if bot_reason else _form_alone(request, posted_to, form, 400)
    client = spam.client_key(request)
    if limits.over_rate_limit(client):  # in Redis; without it, open (feedback/limits.py)
        if bot_reason:
            return _spooled_thanks(request, posted_to)
        return _form_alone(request, posted_to, form, 429, refusal=TOO_MANY)
    comment = form.cleaned_data["comment"]
    opinion = spool.opinion(
        stamp=request.POST.get("shown_at"),
        client=client,
        slug=slug,
        rating=form.cleaned_data["rating"],
        comment=comment,
        version_read=posted_to.revision_id,
        spam_reason=bot_reason,
        personal_data=personal_data.kinds_found(comment),
    )
    try:
        spool.append(opinion)
    except OSError as error:
        logger.error("feedback spool unwritable, opinion given back to its reader: %s", error)
        response = _form_alone(request, posted_to, form, 503, refusal=NOT_SPOOLED)
        response["Retry-After"] = str(SPOOL_RETRY_AFTER_SECONDS)
        response._has_been_logged = True  # the line above says it, without Django's own
        return response
    outages.fell_back(outages.DATABASE, "opinion spooled")
    return _spooled_thanks(request, posted_to)


def _spooled_thanks(request: HttpRequest, posted_to: PostedTo) -> HttpResponse:
    """The thanks, without the database: a page of its own with a link back to the article
    (a redirect would lead to a page that may not be served)."""
    if _wants_json(request):
        html = render_to_string("feedback/_block_content.html", {"sent": True}, request)
        return JsonResponse({"ok": True, "message": THANKS, "html": html})
    return render(request, "feedback/thanks_without_database.html", {"article": posted_to})


def _form_alone(
    request: HttpRequest, posted_to: PostedTo, form: FeedbackForm, status: int, refusal: str = ""
) -> HttpResponse:
    """The reader's rating and comment back with the reason, on a page with just the form (the
    article's page needs the database)."""
    context = {"article": posted_to, "form": form, "refusal": refusal}
    if _wants_json(request):
        html = render_to_string("feedback/_block_content.html", context, request)
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"ok": False, "message": refusal, "errors": errors, "html": html}, status=status)
    return render(request, "feedback/form_without_database.html", context, status=status)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _plain_or_json(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _thanks(request: HttpRequest, article: Page) -> HttpResponse:
    if _wants_json(request):
        html = render_to_string("feedback/_block_content.html", {"article": article, "sent": True}, request)
        response = JsonResponse({"ok": True, "message": THANKS, "html": html})
    else:
        response = HttpResponseRedirect(f"{article.get_absolute_url()}#avis")
        response.status_code = 303  # "See Other": reloading the thank-you page never posts again
    mark_sent(request, response, article)
    return response


def _form_again(
    request: HttpRequest, article: Page, form: FeedbackForm, status: int, refusal: str = ""
) -> HttpResponse:
    """The reader's rating and comment come back with the reason, next to the fields."""
    if _wants_json(request):
        context = {"article": article, "form": form, "refusal": refusal}
        html = render_to_string("feedback/_block_content.html", context, request)
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"ok": False, "message": refusal, "errors": errors, "html": html}, status=status)
    return render_article(request, article, {"feedback_form": form, "feedback_refusal": refusal}, status=status)
