"""Who must verify a second factor before using the admin (accounts.rules), without HTTP."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accounts.rules import needs_second_factor
from tests.factories import ReviewerFactory, StaffFactory, TOTPDeviceFactory, WriterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_REVIEWERS = True


def signed_in_with_password(user):
    user.otp_device = None  # as django-otp's middleware leaves a session opened without a code
    return user


def test_it_asks_nobody_when_the_setting_is_off(settings):
    settings.OTP_REQUIRED_FOR_REVIEWERS = False
    assert not needs_second_factor(signed_in_with_password(StaffFactory()))
    assert not needs_second_factor(signed_in_with_password(ReviewerFactory()))


@pytest.mark.usefixtures("required")
def test_it_asks_a_superuser_signed_in_with_a_password_alone():
    assert needs_second_factor(signed_in_with_password(StaffFactory(is_superuser=True)))


@pytest.mark.usefixtures("required")
def test_it_asks_a_medical_reviewer_signed_in_with_a_password_alone():
    assert needs_second_factor(signed_in_with_password(ReviewerFactory()))


@pytest.mark.usefixtures("required")
def test_it_does_not_ask_a_writer_who_is_neither():
    assert not needs_second_factor(signed_in_with_password(WriterFactory()))


@pytest.mark.usefixtures("required")
def test_it_does_not_ask_again_once_the_session_is_verified():
    reviewer, superuser = ReviewerFactory(), StaffFactory()
    reviewer.otp_device = TOTPDeviceFactory(user=reviewer)
    superuser.otp_device = TOTPDeviceFactory(user=superuser)
    assert not needs_second_factor(reviewer)
    assert not needs_second_factor(superuser)


@pytest.mark.usefixtures("required")
def test_a_device_set_up_does_not_count_until_this_session_is_verified():
    reviewer = ReviewerFactory()
    TOTPDeviceFactory(user=reviewer)
    assert needs_second_factor(signed_in_with_password(reviewer))


@pytest.mark.usefixtures("required")
def test_it_asks_nothing_of_an_anonymous_visitor():
    assert not needs_second_factor(AnonymousUser())


@pytest.mark.usefixtures("required")
def test_only_the_medical_reviewers_group_counts():
    writer = WriterFactory()
    writer.groups.add(Group.objects.get_or_create(name="Rédacteurs")[0])
    assert not needs_second_factor(signed_in_with_password(writer))
