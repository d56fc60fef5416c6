"""A staff account's authenticator app, kept by django-otp as a TOTP device."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def checked(device: TOTPDevice, code: str) -> TOTPDevice | None:
    """The device as it now stands if `code` is its current code, else None.

    django-otp accepts a code once only (a copied code cannot be used again) and slows down the
    next tries after a wrong one; the row is locked meanwhile so two requests cannot share a code.
    """
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
        if locked is None or not locked.verify_token(code):
            return None
        return locked


def device_for_code(user, code: str) -> TOTPDevice | None:
    """The user's confirmed device that accepts `code`, if any."""
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk"):
        if accepted := checked(device, code):
            return accepted
    return None
