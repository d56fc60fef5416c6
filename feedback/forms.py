from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format

from feedback.invisible import code_point, invisible_characters
from feedback.models import COMMENT_MAX_LENGTH, Feedback
from feedback.spam import SHOWN_AT_PLACEHOLDER


def normalise_comment(comment: str) -> str:
    """The comment as stored and counted; the counter in static/js/feedback.js counts the same way."""
    return comment.replace("\r\n", "\n").strip()


def french_number(number: int) -> str:
    """1 000, grouped with a no-break space, as a French reader writes it."""
    return number_format(number, force_grouping=True)


def invisible_characters_message(characters: list[str]) -> str:
    codes = ", ".join(code_point(char) for char in characters)
    return (
        f"Votre commentaire contient des caractères invisibles non autorisés ({codes}). Retirez-les puis renvoyez-le."
    )


class FeedbackForm(forms.ModelForm):
    """Rating and comment, plus two fields for the spam checks: a honeypot and the time shown."""

    HONEYPOT = "site_web"

    rating = forms.TypedChoiceField(
        label="Votre note",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text="De 1 étoile (pas du tout utile) à 5 étoiles (très utile).",
        error_messages={
            "required": "Choisissez une note de 1 à 5 étoiles.",
            "invalid_choice": "Choisissez une note de 1 à 5 étoiles.",
        },
    )
    comment = forms.CharField(
        label="Votre commentaire (facultatif)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="N’indiquez pas d’informations personnelles (nom, e-mail, téléphone).",
    )
    site_web = forms.CharField(label="Laissez ce champ vide", required=False)
    shown_at = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Django's own validator refuses NUL before clean_comment runs: same words, one message.
        self.fields["comment"].error_messages["null_characters_not_allowed"] = invisible_characters_message(["\x00"])
        self.fields["shown_at"].initial = SHOWN_AT_PLACEHOLDER
        self.fields[self.HONEYPOT].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.fields["comment"].widget.attrs["aria-describedby"] = "id_comment_helptext id_comment_counter"
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("rating", template="feedback/_rating_field.html"),
            "comment",
            HTML(
                f'<p class="char-counter" id="id_comment_counter" data-max="{COMMENT_MAX_LENGTH}">'
                f"{french_number(COMMENT_MAX_LENGTH)} caractères au maximum.</p>"
            ),
            Div(self.HONEYPOT, css_class="hp"),
            "shown_at",
        )

    def full_clean(self) -> None:
        super().full_clean()
        # Screen readers read the error, the hint and the counter when the comment box gets focus.
        described = ["id_comment_helptext", "id_comment_counter"]
        if self.is_bound and "comment" in self.errors:
            described.insert(0, "id_comment_error")
        self.fields["comment"].widget.attrs["aria-describedby"] = " ".join(described)

    def clean_comment(self) -> str:
        comment = normalise_comment(self.cleaned_data["comment"])
        if len(comment) > COMMENT_MAX_LENGTH:
            raise ValidationError(
                f"Votre commentaire fait {french_number(len(comment))} caractères : raccourcissez-le à "
                f"{french_number(COMMENT_MAX_LENGTH)} caractères au maximum.",
                code="max_length",
            )
        if invisible := invisible_characters(comment):
            raise ValidationError(invisible_characters_message(invisible), code="invisible_characters")
        return comment

    @property
    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get(self.HONEYPOT))

    @property
    def error_links(self) -> list[tuple[str, str]]:
        """(id of the control to focus, message) for each error, in the order of the form."""
        return [
            ("id_rating_0" if field.name == "rating" else field.auto_id, error)
            for field in self
            for error in field.errors
        ]

    @property
    def first_error_id(self) -> str:
        return self.error_links[0][0]
