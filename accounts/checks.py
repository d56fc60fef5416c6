from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_second_factor_required(app_configs, **kwargs) -> list[Warning]:
    if settings.OTP_REQUIRED_FOR_REVIEWERS:
        return []
    return [
        Warning(
            "Superusers and medical reviewers can use the admin with a password alone.",
            hint="Set DJANGO_OTP_REQUIRED=true in production (see README, 'Double authentification').",
            id="accounts.W001",
        )
    ]
