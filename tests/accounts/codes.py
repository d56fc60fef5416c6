"""Codes an authenticator app would show, computed from a device's key as the app computes them."""

from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice


def next_code(device: TOTPDevice) -> str:
    """A code the device accepts now: the current one, or the next if the current one was used
    (django-otp accepts each code once, and one step ahead)."""
    device.refresh_from_db()
    step = max(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t(), device.last_t + 1)
    return f"{hotp(device.bin_key, step, device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits the device refuses: none of the codes of the steps it would accept."""
    device.refresh_from_db()
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    accepted = {f"{hotp(device.bin_key, t, device.digits):06d}" for t in range(now - 2, now + 3)}
    return next(code for code in (f"{n:06d}" for n in range(0, 1_000_000, 111_111)) if code not in accepted)
