from articles.rendering import render_markdown
from articles.typography import keep_marks_with_words


def test_editors_get_paragraphs_lists_bold_italic_and_links_without_html():
    html = render_markdown("Un **mot** et *un autre*.\n\n- un\n- deux\n\n[Le site](https://www.example.fr)")
    assert "<strong>mot</strong>" in html
    assert "<em>un autre</em>" in html
    assert "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>" in html
    assert '<a href="https://www.example.fr" rel="noopener noreferrer">Le site</a>' in html


def test_typed_markup_is_shown_as_text():
    html = render_markdown('<script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_script_links_are_not_links():
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"):
        assert "<a" not in render_markdown(f"[cliquez]({url})"), url


def test_french_punctuation_is_kept_as_typed():
    assert render_markdown("Qu'est-ce que l’immunothérapie ? « Oui » -- non...") == (
        "<p>Qu'est-ce que l’immunothérapie ? « Oui » -- non...</p>"
    )


def test_a_question_mark_stays_on_the_line_of_its_word_without_changing_the_text():
    assert str(keep_marks_with_words("Qu'est-ce que l'immunothérapie ?")) == (
        'Qu&#x27;est-ce que <span class="nowrap">l&#x27;immunothérapie ?</span>'
    )
    assert str(keep_marks_with_words("<b>Alerte</b> !")) == '<span class="nowrap">&lt;b&gt;Alerte&lt;/b&gt; !</span>'
    assert str(keep_marks_with_words("Sans ponctuation")) == "Sans ponctuation"
