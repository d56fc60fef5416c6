from django import template

from articles.models import Article
from feedback.forms import FeedbackForm
from feedback.sent import has_sent

register = template.Library()


@register.inclusion_tag("feedback/_block.html", takes_context=True)
def feedback_block(context: template.Context, article: Article) -> dict:
    """The "Donnez-nous votre avis !" block: the form, or the thank-you once this reader sent it."""
    form = context.get("feedback_form")  # a post coming back with errors is shown whatever came before
    return {
        "article": article,
        "sent": form is None and has_sent(context["request"], article),
        "form": form or FeedbackForm(),
        "refusal": context.get("feedback_refusal"),
    }
