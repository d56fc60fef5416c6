from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, Section
from articles.page_cache import bump_content_version


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Section)
def invalidate_pages(**kwargs) -> None:
    bump_content_version()
