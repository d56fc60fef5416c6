"""`manage.py remove_second_factor NAME`: an operator's way back in for someone who lost their phone."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffFactory, TOTPDeviceFactory

pytestmark = pytest.mark.django_db


def test_it_removes_the_app_of_the_named_account_only(capsys):
    lost, kept = TOTPDeviceFactory(), TOTPDeviceFactory()
    call_command("remove_second_factor", lost.user.username)
    assert "supprimée" in capsys.readouterr().out
    assert list(TOTPDevice.objects.all()) == [kept]


def test_it_says_when_there_was_nothing_to_remove(capsys):
    call_command("remove_second_factor", StaffFactory().username)
    assert "n’avait pas de double authentification" in capsys.readouterr().out


def test_it_refuses_an_unknown_name():
    with pytest.raises(CommandError, match="Aucun compte"):
        call_command("remove_second_factor", "personne")
