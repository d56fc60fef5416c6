from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Avis des lecteurs"

    def ready(self) -> None:
        from articles import page_cache
        from feedback.sent import has_sent_cookie

        page_cache.personal_request_checks.append(has_sent_cookie)
