import pytest

from site_pages.site_wide import with_call_links


def test_emergency_numbers_become_call_links_and_the_rest_stays_text():
    assert with_call_links("En cas d’urgence, appelez le 15 ou le 112") == (
        'En cas d’urgence, appelez le <a href="tel:15">15</a> ou le <a href="tel:112">112</a>'
    )


@pytest.mark.parametrize("text", ["24 h/24", "le 1515", "page-15", "2015", "15h"])
def test_other_numbers_and_numbers_inside_words_stay_text(text):
    assert "<a" not in with_call_links(text)


def test_the_text_around_the_links_is_escaped():
    assert with_call_links("<b>15</b>") == '&lt;b&gt;<a href="tel:15">15</a>&lt;/b&gt;'
