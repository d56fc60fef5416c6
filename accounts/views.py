"""The page where a staff user sets up, checks or removes the app that gives their codes."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.devices import confirm, confirmed_device, pending_device, qr_code_svg, remove_devices, secret_for_typing
from accounts.forms import CodeForm
from accounts.rules import must_use_second_factor


@never_cache
@staff_member_required
def second_factor(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return set_up(request)
    if not request.user.is_verified():
        return verify(request, device)
    return render_page(request, "active", CodeForm(device))


def set_up(request: HttpRequest) -> HttpResponse:
    device = pending_device(request.user)
    form = CodeForm(device, request.POST if request.method == "POST" else None)
    if form.is_valid():
        confirm(form.device)
        mark_verified(request, form.device)
        messages.success(
            request, "Double authentification activée : votre application vous sera demandée à chaque connexion."
        )
        return redirect("admin:index")
    return render_page(request, "set_up", form, qr_code=qr_code_svg(device), secret=secret_for_typing(device))


def verify(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    """An account with an app whose session was opened without a code (before the app was set
    up, or in another browser) proves it has the app here."""
    form = CodeForm(device, request.POST if request.method == "POST" else None)
    if form.is_valid():
        mark_verified(request, form.device)
        messages.success(request, "Code vérifié : vous avez accès à l’administration.")
        return redirect("admin:index")
    return render_page(request, "verify", form)


@never_cache
@require_POST
@staff_member_required
def remove(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None or not request.user.is_verified():
        return redirect("accounts:second_factor")
    form = CodeForm(device, request.POST)
    if not form.is_valid():
        return render_page(request, "active", form)
    remove_devices(request.user)
    messages.success(
        request, "Double authentification désactivée : l’application ne vous sera plus demandée à la connexion."
    )
    return redirect("admin:index")


def mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # the session gains a right: give it a new key


def render_page(request: HttpRequest, state: str, form: CodeForm, **context) -> HttpResponse:
    return render(
        request,
        "accounts/second_factor.html",
        {
            **admin.site.each_context(request),
            "title": "Double authentification",
            "state": state,
            "form": form,
            "required": must_use_second_factor(request.user),
            **context,
        },
    )
