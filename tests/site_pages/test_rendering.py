from site_pages.rendering import render_page


def test_intertitles_become_headings_with_anchors_and_the_rest_paragraphs():
    html = render_page("Avant.\n\n## Qui sommes-nous ?\n\nTexte **gras**.\n\n### Détail\n\n- un\n- deux")
    assert html == (
        "<p>Avant.</p>\n"
        '<h2 id="qui-sommes-nous">Qui <span class="nowrap">sommes-nous ?</span></h2>\n'
        "<p>Texte <strong>gras</strong>.</p>\n"
        '<h3 id="detail">Détail</h3>\n'
        "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"
    )


def test_two_intertitles_alike_get_distinct_anchors_and_none_takes_the_layouts():
    html = render_page("## Contact\n\nA\n\n## Contact\n\nB\n\n## Contenu\n\nC")
    assert 'id="contact"' in html and 'id="contact-2"' in html and 'id="contenu-2"' in html


def test_no_typed_markup_reaches_the_page():
    html = render_page("## <script>alert(1)</script>\n\n<b>gras</b> [lien](javascript:alert(1))")
    assert "<script>" not in html and "<b>" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_a_hash_inside_a_line_or_a_single_hash_is_text():
    assert render_page("# Titre\n\nle n° #2") == "<p># Titre</p>\n<p>le n° #2</p>"


def test_windows_line_ends_are_read_like_others():
    assert render_page("A\r\n\r\n## B\r\n\r\nC") == '<p>A</p>\n<h2 id="b">B</h2>\n<p>C</p>'


def test_closing_hashes_are_dropped_only_after_a_space():
    assert render_page("## Le C#\n\n## Contact ##") == '<h2 id="le-c">Le C#</h2>\n<h2 id="contact">Contact</h2>'
