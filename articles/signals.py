from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, Section
from articles.page_cache import invalidate_pages


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Section)
def on_content_change(**kwargs) -> None:
    invalidate_pages()
