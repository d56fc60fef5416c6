import pytest

from feedback.models import Feedback
from feedback.personal_data import kinds_found, mask


@pytest.mark.parametrize(
    ("text", "kinds", "masked"),
    [
        ("Écrivez-moi : jean.dupont+sante@mail.fr", ["e-mail"], "Écrivez-moi : [e-mail masqué]"),
        ("Mon numéro : 06 12 34 56 78.", ["téléphone"], "Mon numéro : [téléphone masqué]."),
        ("Appelez le +33 6 12 34 56 78", ["téléphone"], "Appelez le [téléphone masqué]"),
        ("ou le 01.23.45.67.89", ["téléphone"], "ou le [téléphone masqué]"),
        ("NIR 1 85 05 78 006 084 36 merci", ["NIR"], "NIR [NIR masqué] merci"),
        ("Corse : 285052A006084", ["NIR"], "Corse : [NIR masqué]"),
        ("Note 5/5, lu le 12/03/2024 en 10 minutes", [], "Note 5/5, lu le 12/03/2024 en 10 minutes"),
    ],
)
def test_personal_data_is_found_and_masked(text, kinds, masked):
    assert kinds_found(text) == kinds
    assert mask(text) == masked


@pytest.mark.django_db
def test_a_comment_with_personal_data_is_flagged_when_stored(post_feedback):
    post_feedback(comment="Rappelez-moi au 06 12 34 56 78 ou sur jean@mail.fr")
    assert Feedback.objects.get().personal_data == "e-mail, téléphone"


@pytest.mark.django_db
def test_a_plain_comment_is_not_flagged(post_feedback):
    post_feedback(comment="Très utile pour comprendre mon traitement.")
    assert Feedback.objects.get().personal_data == ""
