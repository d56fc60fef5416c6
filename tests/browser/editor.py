"""What writers and reviewers do in the admin, in the words of the admin."""

import importlib

from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Locator, Page, expect

from tests.factories import STAFF_PASSWORD, PersonFactory, StaffFactory

# The roles as the data migration defines them; a browser test's flush empties the groups table.
_roles = importlib.import_module("articles.migrations.0008_editorial_groups")
WRITERS, REVIEWERS = _roles.WRITERS, _roles.REVIEWERS
_trust_roles = importlib.import_module("articles.migrations.0018_people_editors_permissions")
_topic_roles = importlib.import_module("articles.migrations.0020_topics_editors_permissions")
_TRUST = [("articles", codename) for codename in (*_trust_roles.CODENAMES, *_topic_roles.CODENAMES)]
_PERMISSIONS = {WRITERS: [*_roles.WRITER_PERMISSIONS, *_TRUST], REVIEWERS: [*_roles.REVIEWER_PERMISSIONS, *_TRUST]}


def member(group: str, username: str):
    """A staff member (not a superuser) of one editorial group, the group made again if a flush emptied it."""
    role, created = Group.objects.get_or_create(name=group)
    if created:
        for app_label, codename in _PERMISSIONS[group]:
            role.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = StaffFactory(username=username, is_superuser=False)
    user.groups.add(role)
    if group == REVIEWERS:  # the record readers see on what the reviewer approves
        PersonFactory(user=user, name=f"Dr {username.capitalize()}", slug=username)
    return user


def log_in(page: Page, username: str) -> Page:
    """Through the real admin log-in form (django-axes watches it)."""
    page.goto("/admin/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", name="Articles et avis des lecteurs")).to_be_visible()
    return page


def section(page: Page, heading: str) -> Locator:
    """The stacked inline of the section whose heading field holds `heading`."""
    return page.locator(".inline-related.has_original").filter(
        has=page.locator(f"input[name$='-heading'][value=\"{heading}\"]")
    )


def opened_section(page: Page, heading: str) -> Locator:
    """The section whose title is `heading`, unfolded: the change form shows each section as one
    line (static/js/article_editor.js) until its button opens it."""
    row = section(page, heading)
    toggle = row.locator(".fold-toggle")
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    return row


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"
