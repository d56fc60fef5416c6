from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Avis des lecteurs"

    def ready(self) -> None:
        from articles import page_cache
        from feedback import spool
        from feedback.sent import has_sent_cookie
        from operations import outages

        page_cache.personal_request_checks.append(has_sent_cookie)
        # The operators' health check shows how many opinions wait for the database.
        outages.extra_reports["feedback_spool_pending"] = spool.pending
        # Once the database answers a health check, what waited for it is stored.
        outages.on_database_answering.append(spool.replay_if_pending)
