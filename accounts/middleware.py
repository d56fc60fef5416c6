from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.rules import needs_second_factor

# What an account that still needs its second factor may reach in the admin besides the set-up
# page: the way out, and the log-in form (to sign in as someone else).
OPEN_ADMIN_VIEWS = {"login", "logout"}


class SecondFactorMiddleware:
    """Send who must use a second factor and has not (see accounts.rules) to the page that sets
    it up, from any admin page. Placed after django-otp's middleware, which tells whether the
    session was verified, and the messages middleware, which carries the reason."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if "admin" not in match.namespaces or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        if not needs_second_factor(request.user):
            return None
        messages.warning(
            request,
            "Votre compte doit passer par la double authentification avant d’accéder à l’administration : "
            "suivez les étapes ci-dessous.",
        )
        return redirect("accounts:second_factor")
