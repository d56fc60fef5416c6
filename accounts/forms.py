import re

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.devices import checked, device_for_code, has_confirmed_device

SIX_DIGITS = re.compile(r"[0-9]{6}")


def code_input() -> forms.TextInput:
    # A phone shows its digit keypad; a password manager or the phone's own app may fill it in.
    return forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8})


def without_spaces(code: str) -> str:
    """Apps show "123 456"; what is typed may keep the space."""
    return "".join(code.split())


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's log-in: user name, password and, for an account with an authenticator app,
    the code it shows.

    A missing or wrong code gets the same answer as a wrong password, so the page never tells
    a password guesser that the password was right; and it counts as a failed log-in, so
    django-axes locks the account out after AXES_FAILURE_LIMIT of either.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Nom d’utilisateur, mot de passe ou code de vérification incorrect. Le code n’est demandé "
            "qu’aux comptes protégés par la double authentification. Majuscules et minuscules comptent."
        ),
    }

    otp_token = forms.CharField(
        label="Code de vérification (application d’authentification)",
        required=False,
        max_length=20,
        help_text="Les 6 chiffres affichés par l’application, si vous avez activé la double authentification.",
        widget=code_input(),
    )

    def clean(self) -> dict:
        cleaned_data = super().clean()
        user = self.get_user()
        if user is None or not has_confirmed_device(user):
            return cleaned_data
        code = without_spaces(cleaned_data.get("otp_token", ""))
        device = device_for_code(user, code) if code else None
        if device is None:
            user_login_failed.send(
                sender=__name__, credentials={"username": cleaned_data.get("username")}, request=self.request
            )
            raise self.get_invalid_login_error()
        user.otp_device = device  # django-otp marks the session verified when Django logs the user in
        return cleaned_data


class CodeForm(forms.Form):
    """A code from the app being set up (or already set up), checked against its device."""

    code = forms.CharField(
        label="Code à 6 chiffres",
        max_length=20,
        help_text="Le code que l’application affiche en ce moment (il change toutes les 30 secondes).",
        error_messages={"required": "Saisissez le code à 6 chiffres affiché par l’application."},
        widget=code_input(),
    )

    def __init__(self, device: TOTPDevice, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = without_spaces(self.cleaned_data["code"])
        if not SIX_DIGITS.fullmatch(code):
            raise ValidationError("Le code se compose de 6 chiffres, sans lettre ni autre signe.", code="format")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                "Trop de codes erronés à la suite : patientez quelques secondes, puis saisissez le code affiché à ce moment-là.",
                code="throttled",
            )
        device = checked(self.device, code)
        if device is None:
            raise ValidationError(
                "Ce code n’est pas le bon, ou il a déjà servi. Saisissez le code affiché en ce moment ; "
                "s’il est refusé encore, vérifiez que l’heure du téléphone est exacte.",
                code="invalid",
            )
        self.device = device
        return code
