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


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        pytest.param("a.b-c+d_e@sous-domaine.mail.fr", "e-mail", id="e-mail-every-allowed-character"),
        pytest.param("jean@hopital.centre-val.fr", "e-mail", id="e-mail-hyphen-in-a-later-label"),
        pytest.param("0612345678", "téléphone", id="phone-without-separators"),
        pytest.param("06-12-34-56-78", "téléphone", id="phone-with-hyphens"),
        pytest.param("09 12 34 56 78", "téléphone", id="phone-starting-09"),
        pytest.param("+33612345678", "téléphone", id="phone-plus-33-without-separators"),
        pytest.param("+33-6-12-34-56-78", "téléphone", id="phone-plus-33-with-hyphens"),
        pytest.param("+33 (0)6 12 34 56 78", "téléphone", id="phone-plus-33-bracketed-zero"),
        pytest.param("0033 6 12 34 56 78", "téléphone", id="phone-0033"),
        pytest.param("2 85 12 78 006 084", "NIR", id="nir-woman-december-without-key"),
        pytest.param("1 85 20 78 006 084", "NIR", id="nir-month-20-unknown-birth-month"),
        pytest.param("1.85.01.78.006.084.36", "NIR", id="nir-with-dots"),
        pytest.param("185507800608436", "NIR", id="nir-without-separators"),
        pytest.param("185992b006084", "NIR", id="nir-corsica-lower-case"),
        # Text pasted from a French page often groups digits with (narrow) no-break spaces.
        pytest.param("06\u00a012\u00a034\u00a056\u00a078", "téléphone", id="phone-no-break-spaces"),
        pytest.param("06\u202f12\u202f34\u202f56\u202f78", "téléphone", id="phone-narrow-no-break-spaces"),
        pytest.param("1\u00a085\u00a005\u00a078\u00a0006\u00a0084", "NIR", id="nir-no-break-spaces"),
    ],
)
def test_each_way_of_writing_it_is_found_and_masked_whole(written, kind):
    assert kinds_found(f"Voici : {written}.") == [kind]
    assert mask(f"Voici : {written}.") == f"Voici : [{kind} masqué]."


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("jean@localhost", id="e-mail-without-a-dot-in-the-domain"),
        pytest.param("@mail.fr", id="e-mail-without-a-name"),
        pytest.param("00 12 34 56 78", id="phone-starting-00"),
        pytest.param("06 12 34 56 7", id="phone-one-digit-short"),
        pytest.param("061234567890", id="phone-two-digits-too-many"),
        pytest.param("1061234567", id="phone-inside-a-longer-number"),
        pytest.param("+44 6 12 34 56 78", id="foreign-phone"),
        pytest.param("1 85 00 78 006 084", id="nir-month-00"),
        pytest.param("1 85 13 78 006 084", id="nir-month-13"),
        pytest.param("3 85 05 78 006 084", id="nir-sex-3"),
        pytest.param("0 85 05 78 006 084", id="nir-sex-0"),
        pytest.param("1 85 05 2C 006 084", id="nir-department-2c"),
        pytest.param("185057006084", id="nir-one-digit-short"),
        pytest.param("91850578006084", id="nir-inside-a-longer-number"),
        pytest.param("1850578006084367", id="nir-one-digit-too-many"),
        pytest.param("le 01/02/2024 12 patients", id="a-date-then-a-number"),
    ],
)
def test_what_only_looks_like_personal_data_is_left_alone(text):
    assert kinds_found(text) == []
    assert mask(text) == text


@pytest.mark.django_db
def test_a_comment_with_personal_data_is_flagged_when_stored(post_feedback):
    post_feedback(comment="Rappelez-moi au 06 12 34 56 78 ou sur jean@mail.fr")
    assert Feedback.objects.get().personal_data == "e-mail, téléphone"


@pytest.mark.django_db
def test_a_plain_comment_is_not_flagged(post_feedback):
    post_feedback(comment="Très utile pour comprendre mon traitement.")
    assert Feedback.objects.get().personal_data == ""
