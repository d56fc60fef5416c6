from functools import cache

from crispy_forms.utils import render_crispy_form
from django import template
from django.utils.safestring import SafeString

from articles.models import Page
from feedback.forms import FeedbackForm
from feedback.sent import has_sent

register = template.Library()


@cache
def empty_form_html() -> SafeString:
    """The form before anyone fills it is the same for every reader and article: laid out once per process."""
    return render_crispy_form(FeedbackForm())


@register.inclusion_tag("feedback/_block.html", takes_context=True)
def feedback_block(context: template.Context, article: Page) -> dict:
    """The "Donnez-nous votre avis !" block: the form, or the thank-you once this reader sent it."""
    form = context.get("feedback_form")  # a post coming back with errors is shown whatever came before
    return {
        "article": article,
        "sent": form is None and has_sent(context["request"], article),
        "form": form,
        "form_html": None if form is not None else empty_form_html(),
        "refusal": context.get("feedback_refusal"),
    }
