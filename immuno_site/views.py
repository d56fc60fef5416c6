from django.http import HttpRequest, HttpResponse


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest Django answer through the same middleware: the bench's reference point."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
