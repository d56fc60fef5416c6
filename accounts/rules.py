"""Who must sign in to the admin with a second factor."""

from django.conf import settings

from articles.roles import REVIEWERS_GROUP


def must_use_second_factor(user) -> bool:
    """With OTP_REQUIRED_FOR_REVIEWERS on, superusers and medical reviewers must use a second
    factor; other staff may set one up but are not made to."""
    if not settings.OTP_REQUIRED_FOR_REVIEWERS or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=REVIEWERS_GROUP).exists()


def needs_second_factor(user) -> bool:
    """True when `user` must verify a code from an authenticator app before using the admin.

    `user` is the request's, as django-otp's middleware leaves it: `otp_device` is the device
    that verified this session, None when the user signed in with a password alone.
    """
    return getattr(user, "otp_device", None) is None and must_use_second_factor(user)
