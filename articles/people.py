"""The page of a person (author or medical reviewer): who they are, and the live articles they
wrote and reviewed, read from the per-process map of live articles (`articles.live`)."""

from dataclasses import dataclass

from articles import live
from articles.live import LiveArticle
from articles.models import Person

# What the page shows of a person; `user` (the admin account) never leaves the admin.
PAGE_FIELDS = ("id", "name", "slug", "profession", "credentials", "rpps", "bio", "photo", "photo_alt")


@dataclass(frozen=True, slots=True)
class PersonPage:
    person: Person
    written: list[LiveArticle]  # last updated first, as every list of the site
    reviewed: list[LiveArticle]


def page_for_slug(slug: str) -> PersonPage | None:
    """The person at this address with their live articles; a person with none still has a page."""
    person = Person.objects.only(*PAGE_FIELDS).filter(slug=slug).first()
    if person is None:
        return None
    articles = live.live_map()
    return PersonPage(person, articles.written_by(person.pk), articles.reviewed_by(person.pk))
