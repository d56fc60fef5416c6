"""A staff account's authenticator app, kept by django-otp as a TOTP device.

An account has at most one confirmed device (the app that shows its codes) and, while it is
being set up, one pending device whose key the QR code carries.
"""

from base64 import b32encode

import qrcode
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

DEVICE_NAME = "Application d’authentification"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The device being set up, made on the first visit and kept until confirmed, so reloading
    the page shows the QR code the user may already have scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


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


def confirm(device: TOTPDevice) -> None:
    """Make a pending device the account's authenticator; any other pending one goes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.devices_for_user(device.user, confirmed=False).delete()
    device.confirmed = True


def remove_devices(user) -> int:
    deleted, _ = TOTPDevice.objects.devices_for_user(user, confirmed=None).delete()
    return deleted


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in (base 32), in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The QR code an app scans, as inline SVG markup: dark squares on a white square (read in
    the admin's dark theme too), with no style attribute, which the Content-Security-Policy forbids."""
    image = qrcode.make(device.config_url, image_factory=SvgPathFillImage)
    svg = image.get_image()
    svg.set("role", "img")
    svg.set("aria-label", "QR code à scanner avec l’application d’authentification")
    svg.set("class", "qr-code")
    # Made by qrcode from the device's own URL: nothing in it comes from a form.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308
