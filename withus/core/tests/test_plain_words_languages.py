"""The first use of a QI term is spelled out in the page's own language (issue 26): an English explanation inside
an Urdu sentence helps nobody."""

from django.utils import translation

from withus.core.plain_words import spell_out_first_use


def test_an_english_page_explains_qi_in_english():
    with translation.override("en-gb"):
        page = str(spell_out_first_use("<h2>Your QI learning</h2><p>QI again</p>"))
    assert page == "<h2>Your quality improvement (QI) learning</h2><p>QI again</p>"


def test_an_urdu_page_explains_qi_in_urdu_and_only_once():
    with translation.override("ur"):
        page = str(spell_out_first_use("<h2>QI سیکھنے کا راستہ</h2><p>QI</p>"))
    assert page == "<h2>معیار میں بہتری (QI) سیکھنے کا راستہ</h2><p>QI</p>"
    assert "quality improvement" not in page


def test_a_polish_page_that_already_explains_the_term_is_left_alone():
    with translation.override("pl"):
        page = "<p>poprawa jakości (QI) to sposób pracy.</p><p>QI</p>"
        assert str(spell_out_first_use(page)) == page
